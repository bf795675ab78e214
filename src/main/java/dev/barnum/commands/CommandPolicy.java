package dev.barnum.commands;

import dev.barnum.config.BadInputException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one policy for every circus command Barnum sends, whatever the surface (CLI, REST, JMX, dry
 * runs included): only words a shell cannot misread, the command first, no circusctl option that
 * picks the daemon, the way to it or Barnum's deadline, an allow-list, and never {@code restart}
 * without a watcher name (on a tcp endpoint circusd restarts its arbiter in-process, cannot re-bind
 * its port and exits).
 */
public final class CommandPolicy {

    /** Commands whose first argument, when given, is a watcher name. */
    private static final Set<String> WATCHER_FIRST =
            Set.of(
                    "start",
                    "stop",
                    "restart",
                    "reload",
                    "incr",
                    "decr",
                    "status",
                    "stats",
                    "list",
                    "numprocesses");

    /**
     * circusctl's options that choose the endpoint, the transport or the timeout: Barnum sets them
     * from circus.ini and its configuration. argparse takes any unambiguous prefix ({@code
     * --end=...}), so a word is refused when it is a prefix of one of these, or one of these is a
     * prefix of it ({@code --ssh-keyfile}).
     */
    private static final List<String> BARNUM_OPTIONS =
            List.of("--endpoint", "--ssh", "--ssh_keyfile", "--timeout");

    /**
     * The words an operator may pass: {@code *} and {@code ?} are circus's watcher globs ({@code
     * restart '*'}); the one quoting function keeps them, like every word, from the remote shell.
     */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.,:=@%+/*?-]+");

    private final Set<String> allowed;

    public CommandPolicy(List<String> allowed) {
        this.allowed =
                Set.copyOf(allowed.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * @return the arguments, checked
     * @throws BadInputException one line naming the command or argument refused and why
     */
    public List<String> check(List<String> args) {
        if (args == null || args.isEmpty()) {
            throw new BadInputException("no circus command given (args is empty)");
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == null) {
                throw new BadInputException(
                        "circus argument " + (i + 1) + " is null: every argument must be a string");
            }
        }
        for (String arg : args) {
            if (!WORD.matcher(arg).matches()) {
                throw new BadInputException(
                        "refusing circus argument '"
                                + arg
                                + "': only letters, digits and _ . , : = @ % + / - * ? are allowed");
            }
            if (choosesTheTarget(arg)) {
                throw new BadInputException(
                        "refusing circus option '"
                                + arg
                                + "': the endpoint, transport and timeout are Barnum's to set (from circus.ini and its configuration)");
            }
        }
        if (args.get(0).startsWith("-")) {
            throw new BadInputException(
                    "refusing circus option '"
                            + args.get(0)
                            + "' before the command: circusctl's global options are Barnum's to set; name the circus command first");
        }
        String command = action(args);
        if (!allowed.contains(command)) {
            throw new BadInputException(
                    "circus command '"
                            + args.get(0)
                            + "' is not allowed (allowed: "
                            + String.join(", ", allowed())
                            + "; see barnum.commands.allowed)");
        }
        if (command.equals("restart") && watcher(args).isEmpty()) {
            throw new BadInputException(
                    "restart needs a watcher name: restarting the whole arbiter stops circusd on tcp endpoints;"
                            + " to restart every watcher, name them all: restart '*'");
        }
        return List.copyOf(args);
    }

    private static boolean choosesTheTarget(String arg) {
        if (!arg.startsWith("--")) {
            return false;
        }
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        return BARNUM_OPTIONS.stream()
                .anyMatch(option -> option.startsWith(name) || name.startsWith(option));
    }

    /** The allowed circus commands, sorted. */
    public SortedSet<String> allowed() {
        return new TreeSet<>(allowed);
    }

    /** The circus command, lower-cased as circus matches it. */
    public static String action(List<String> args) {
        return args.get(0).toLowerCase(Locale.ROOT);
    }

    /** The watcher a command names, if any (options such as {@code --waiting} are not names). */
    public static Optional<String> watcher(List<String> args) {
        if (args.size() < 2
                || !WATCHER_FIRST.contains(action(args))
                || args.get(1).startsWith("-")) {
            return Optional.empty();
        }
        return Optional.of(args.get(1));
    }

    /**
     * Whether a watcher name as given to circus matches a watcher's name: case-insensitive, and
     * with circus's default glob matching ({@code *} and {@code ?}) for start, stop and restart.
     */
    public static boolean matches(String given, String watcher) {
        String pattern = given.toLowerCase(Locale.ROOT);
        String name = watcher.toLowerCase(Locale.ROOT);
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return pattern.equals(name);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name).matches();
    }
}
