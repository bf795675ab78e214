package dev.barnum.logs;

import dev.barnum.circus.CircusConfig;
import dev.barnum.circus.CircusIniException;
import dev.barnum.config.BadInputException;
import dev.barnum.logs.LogUnavailableException.Why;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a log of one (user, host) is, from its circus.ini: pure, it reads nothing.
 *
 * <ul>
 *   <li>a watcher's output: {@code stdout_stream.filename} (or {@code stderr_stream.}) of its
 *       {@code [watcher:NAME]} section when set; else {@code <host folder>/<NAME>.stdout.log}
 *       ({@code .stderr.log}), beside circus.ini, as the homes lay them out;
 *   <li>circusd's own log: {@code [circus] logoutput} when it names a file; else {@code <host
 *       folder>/circus.log}.
 * </ul>
 *
 * A relative file name is taken from circus.ini's folder (circusd opens it from its working
 * directory, which Barnum cannot see). A log is read only inside the user's circus home: one
 * elsewhere (another folder, syslog, circusd's standard output) is said, with where it is.
 */
public final class LogLocator {

    /** The longest watcher name accepted (a file name's limit). */
    public static final int NAME_LIMIT = 255;

    /** The stream classes that write to circusd's own standard output, not to a file. */
    private static final Set<String> STDOUT_CLASSES =
            Set.of(
                    "StdoutStream",
                    "FancyStdoutStream",
                    "circus.stream.StdoutStream",
                    "circus.stream.FancyStdoutStream");

    private final Path hostFolder;
    private final Path home;
    private final CircusConfig config;
    private final String iniName;

    /**
     * @param ini the (user, host)'s circus.ini, as {@code Homes.ini} names it: its folder is the
     *     host folder
     * @param home the user's circus home ({@code Homes.home}): logs are read only inside it
     * @param config what the circus.ini says ({@code CircusIni.config})
     */
    public LogLocator(Path ini, Path home, CircusConfig config) {
        this.hostFolder = ini.toAbsolutePath().normalize().getParent();
        this.home = home.toAbsolutePath().normalize();
        this.config = config;
        this.iniName = ini.toString();
    }

    /**
     * The log file, inside the user's circus home.
     *
     * @param watcher a watcher's name, or empty for circusd's own log ({@code stream} is then
     *     {@link LogStream#CIRCUS})
     * @throws BadInputException when the watcher name could name a path ({@code ..}, a {@code /}, a
     *     control character) or is too long
     * @throws LogUnavailableException {@link Why#UNKNOWN_WATCHER} when circus.ini defines no such
     *     watcher (listing those it defines); {@link Why#NOT_SERVED} when the log is not a file
     *     inside the home, saying where it is instead, or when circus.ini's value cannot be used
     */
    public Path locate(Optional<String> watcher, LogStream stream) {
        if (watcher.isEmpty()) {
            return circusLog();
        }
        String name = watcher(watcher.get());
        String key = stream.label() + "_stream.";
        String label = name + "'s " + stream.label() + " log";
        Optional<String> file = option(Optional.of(name), key + "filename");
        if (file.isPresent()) {
            return fromIni(file.get(), label, key + "filename");
        }
        Optional<String> streamClass = option(Optional.of(name), key + "class");
        if (streamClass.isPresent() && STDOUT_CLASSES.contains(streamClass.get().strip())) {
            throw notServed(
                    label
                            + " goes to circusd's standard output ("
                            + key
                            + "class = "
                            + Printable.of(streamClass.get())
                            + " in "
                            + iniName
                            + "): see the journal of its systemd unit");
        }
        return inside(hostFolder.resolve(name + "." + stream.label() + ".log"), label, "");
    }

    /**
     * @throws BadInputException when {@code name} is not a name a log file could be named after
     */
    public static void checkName(String name) {
        String why = null;
        if (name.isEmpty()) {
            why = "it is empty";
        } else if (name.equals(".") || name.equals("..")) {
            why = "it would name a folder";
        } else if (name.indexOf('/') >= 0) {
            why = "it holds a '/'";
        } else if (name.codePoints().anyMatch(Character::isISOControl)) {
            why = "it holds a control character";
        } else if (name.length() > NAME_LIMIT) {
            why = "it is longer than " + NAME_LIMIT + " characters";
        }
        if (why != null) {
            throw new BadInputException(
                    "invalid watcher name '" + Printable.of(name) + "': " + why);
        }
    }

    private Path circusLog() {
        String label = "circusd's log";
        Optional<String> output = option(Optional.empty(), "logoutput");
        Optional<String> loggerConfig = option(Optional.empty(), "loggerconfig");
        if (output.isEmpty() && loggerConfig.isPresent()) {
            throw notServed(
                    label
                            + " is configured by "
                            + Printable.of(loggerConfig.get())
                            + " ([circus] loggerconfig in "
                            + iniName
                            + "), which Barnum does not read");
        }
        if (output.isEmpty()) {
            return inside(hostFolder.resolve("circus.log"), label, "");
        }
        String value = output.get();
        if (value.equals("-") || value.equals("stdout")) {
            throw notServed(
                    label
                            + " goes to its standard output ([circus] logoutput = "
                            + value
                            + " in "
                            + iniName
                            + "): see the journal of its systemd unit");
        }
        if (value.startsWith("syslog://")) {
            throw notServed(
                    label
                            + " goes to syslog ("
                            + Printable.of(value)
                            + ", [circus] logoutput in "
                            + iniName
                            + ")");
        }
        return fromIni(value, label, "[circus] logoutput");
    }

    /**
     * The watcher of circus.ini that {@code requested} names: exactly, or else in another case
     * (circus looks watchers up in any case), when only one does.
     *
     * @throws BadInputException as {@link #checkName} does
     * @throws LogUnavailableException {@link Why#UNKNOWN_WATCHER} when circus.ini defines none,
     *     listing those it defines
     */
    public String watcher(String requested) {
        checkName(requested);
        List<String> watchers = config.watchers();
        if (watchers.contains(requested)) {
            return requested;
        }
        List<String> sameLetters =
                watchers.stream()
                        .filter(w -> w.toLowerCase(Locale.ROOT).equals(lower(requested)))
                        .toList();
        if (sameLetters.size() == 1) {
            return sameLetters.get(0);
        }
        throw new LogUnavailableException(
                Why.UNKNOWN_WATCHER,
                iniName
                        + " defines no watcher '"
                        + Printable.of(requested)
                        + "'"
                        + (watchers.isEmpty()
                                ? " (it defines none)"
                                : "; it defines: " + Printable.list(watchers)));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private Optional<String> option(Optional<String> watcher, String key) {
        try {
            return watcher.isPresent()
                    ? config.watcherOption(watcher.get(), key)
                    : config.circusOption(key);
        } catch (CircusIniException e) {
            throw notServed(e.getMessage());
        }
    }

    /** A file name from circus.ini: relative to its folder, used only inside the home. */
    private Path fromIni(String value, String label, String key) {
        String where = " (" + key + " in " + iniName + ")";
        if (value.contains("$(") || value.contains("((")) {
            throw notServed(
                    label
                            + " is "
                            + Printable.of(value)
                            + where
                            + ", which names a variable of circusd's environment that Barnum"
                            + " cannot see");
        }
        Path file;
        try {
            file = hostFolder.resolve(value);
        } catch (InvalidPathException e) {
            throw notServed(label + " is " + Printable.of(value) + where + ": not a path");
        }
        return inside(file, label, where);
    }

    private Path inside(Path file, String label, String where) {
        Path normal = file.normalize();
        if (!normal.startsWith(home) || normal.equals(home)) {
            throw notServed(
                    label
                            + " is "
                            + Printable.of(file.toString())
                            + where
                            + ", outside the circus home "
                            + home
                            + ": Barnum reads logs only inside it");
        }
        return normal;
    }

    private static LogUnavailableException notServed(String message) {
        return new LogUnavailableException(Why.NOT_SERVED, message);
    }
}
