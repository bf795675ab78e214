package dev.barnum.logs;

import dev.barnum.circus.CircusConfig;
import dev.barnum.circus.CircusIni;
import dev.barnum.circus.CircusIniException;
import dev.barnum.config.BadInputException;
import dev.barnum.discovery.Homes;
import dev.barnum.discovery.Instance;
import dev.barnum.logs.LogUnavailableException.Why;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The logs of the circus instances Barnum knows, read from the users' homes on this machine (as
 * circus.ini is; never over SSH): where a log is ({@link LogLocator}), its last lines ({@link
 * Tail}), and following it ({@link Follower}). Every file is reached as {@link ConfinedFile} says.
 */
public final class Logs {

    /** How often a followed log is looked at. */
    public static final Duration FOLLOW_INTERVAL = Duration.ofMillis(500);

    /** The most lines a tail may ask for. */
    public static final int LINES_LIMIT = Tail.LINES_LIMIT;

    /** The most bytes read for one tail. */
    public static final int BYTE_LIMIT = Tail.BYTE_LIMIT;

    /** The most bytes of one line shown. */
    public static final int LINE_LIMIT = LineText.LINE_LIMIT;

    private final Homes homes;

    public Logs(Homes homes) {
        this.homes = homes;
    }

    /**
     * A log found in a home.
     *
     * @param instance whose log
     * @param watcher the watcher, as circus.ini names it; empty for circusd's own log
     * @param stream which of its logs
     * @param file where it is, inside the user's circus home
     * @param notes what to know about where it was found (circus.ini could not be read), one line
     *     each
     */
    public record Log(
            Instance instance,
            Optional<String> watcher,
            LogStream stream,
            Path file,
            List<String> notes) {

        public Log {
            notes = List.copyOf(notes);
        }

        /** {@code user1@host1: watcher1's stdout log}, starting the messages about it. */
        String label() {
            return instance.user()
                    + "@"
                    + instance.host()
                    + ": "
                    + watcher.map(w -> Printable.of(w) + "'s " + stream.label() + " log")
                            .orElse("circusd's log");
        }
    }

    /**
     * @param lines as given: a number, or null for the default (10)
     * @throws BadInputException naming {@code argument} unless {@code lines} is a number from 1 to
     *     {@value #LINES_LIMIT}
     */
    public static int checkLines(String lines, String argument) {
        return Tail.checkLines(lines, argument);
    }

    /**
     * Where the log is, from the (user, host)'s circus.ini; reads nothing else.
     *
     * @param watcher empty for circusd's own log
     * @param stderr the watcher's standard error rather than its output; needs a watcher
     * @throws BadInputException when the watcher's name could name a path, or {@code stderr} comes
     *     without a watcher
     * @throws LogUnavailableException when circus.ini defines no such watcher, or the log is not a
     *     file Barnum reads (saying where it is); the message starts with user@host
     */
    public Log locate(Instance instance, Optional<String> watcher, boolean stderr) {
        if (stderr && watcher.isEmpty()) {
            throw new BadInputException(
                    "--stderr needs a WATCHER: circusd's own log has no standard error of its own");
        }
        watcher.ifPresent(LogLocator::checkName);
        LogStream stream =
                watcher.isEmpty() ? LogStream.CIRCUS : stderr ? LogStream.STDERR : LogStream.STDOUT;
        String pair = instance.user() + "@" + instance.host();
        Path home = homes.home(instance.user());
        CircusConfig config;
        try {
            config = CircusIni.config(instance.ini(), home);
        } catch (CircusIniException e) {
            if (watcher.isPresent()) {
                throw new LogUnavailableException(
                        Why.NOT_SERVED, pair + ": cannot tell where the log is: " + e.getMessage());
            }
            // circusd's own log is where to look for why it refuses its circus.ini
            Path beside = instance.ini().getParent().resolve("circus.log");
            return new Log(
                    instance,
                    watcher,
                    stream,
                    beside,
                    List.of(e.getMessage() + "; showing " + beside));
        }
        try {
            LogLocator locator = new LogLocator(instance.ini(), home, config);
            Optional<String> named = watcher.map(locator::watcher);
            return new Log(instance, named, stream, locator.locate(named, stream), List.of());
        } catch (LogUnavailableException e) {
            throw e.about(pair);
        }
    }

    /**
     * The last {@code lines} lines of the log.
     *
     * @throws LogUnavailableException when it does not exist, or is not a regular file inside the
     *     home, or cannot be read; the message names the log and the file
     */
    public LogTail tail(Log log, int lines) {
        try (ConfinedFile.Opened opened = open(log)) {
            LogTail tail = read(log, opened, lines);
            List<String> notes = new java.util.ArrayList<>(log.notes());
            notes.addAll(tail.notes());
            return new LogTail(tail.lines(), tail.bytesRead(), tail.end(), tail.resume(), notes);
        }
    }

    /**
     * Shows the last {@code lines} lines, then every line appended, until the calling thread is
     * interrupted.
     *
     * @param sink receives the lines and what happens to the file (truncated, replaced, gone)
     * @throws LogUnavailableException as {@link #tail} does, before anything is shown
     * @throws InterruptedException when the thread is interrupted: the only way it ends
     */
    public void follow(Log log, int lines, LogSink sink) throws InterruptedException {
        ConfinedFile.Opened opened = open(log);
        LogTail tail;
        try {
            tail = read(log, opened, lines);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        log.notes().forEach(sink::note);
        tail.notes().forEach(sink::note);
        tail.completeLines().forEach(sink::line);
        new Follower(files(log), log.file(), sink).run(opened, tail.resume(), FOLLOW_INTERVAL);
    }

    private static LogTail read(Log log, ConfinedFile.Opened opened, int lines) {
        try {
            return Tail.read(opened.channel(), lines);
        } catch (IOException e) {
            throw new LogUnavailableException(
                    Why.NOT_SERVED,
                    log.label()
                            + ": "
                            + log.file()
                            + ": cannot be read: "
                            + ConfinedFile.reason(e));
        }
    }

    private ConfinedFile files(Log log) {
        return new ConfinedFile(homes.home(log.instance().user()));
    }

    private ConfinedFile.Opened open(Log log) {
        try {
            return files(log).open(log.file());
        } catch (LogUnavailableException e) {
            throw e.about(log.label());
        }
    }
}
