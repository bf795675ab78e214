package dev.barnum.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.barnum.config.BadInputException;
import dev.barnum.discovery.Homes;
import dev.barnum.discovery.Instance;
import dev.barnum.logs.LogUnavailableException.Why;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's logs read from a real home on this machine: confined to the user's circus home (no link
 * out of it, regular files only), missing files said, and followed as they grow, are truncated or
 * replaced.
 */
@Timeout(60)
class LogsTest {

    @TempDir Path tmp;

    private Path home;
    private Path dir;

    /** Beside the home: what its user must never get Barnum to read. */
    private Path secret;

    private Instance instance;
    private Logs logs;

    @BeforeEach
    void home() throws IOException {
        Homes homes = new Homes(tmp + "/users/{user}/circus");
        home = Files.createDirectories(homes.home("u"));
        dir = Files.createDirectories(home.resolve("h"));
        secret = Files.writeString(tmp.resolve("shadow"), "root:secret\n");
        instance = new Instance("u", "h", homes.ini("u", "h"));
        logs = new Logs(homes);
        ini("[watcher:web]\ncmd = sleep 1\n");
    }

    private void ini(String text) throws IOException {
        Files.writeString(dir.resolve("circus.ini"), text, StandardCharsets.UTF_8);
    }

    private Path log(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private LogTail tail(String watcher, int lines) {
        return logs.tail(logs.locate(instance, Optional.ofNullable(watcher), false), lines);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String watcher, Why why) {
        return assertThatThrownBy(() -> tail(watcher, 10))
                .isInstanceOfSatisfying(
                        LogUnavailableException.class, e -> assertThat(e.why()).isEqualTo(why))
                .hasMessageNotContaining("secret");
    }

    @Test
    void aWatchersLogAndCircusdsOwn() throws IOException {
        log("web.stdout.log", "one\ntwo\nthree\n");
        log("web.stderr.log", "oops\n");
        log(
                "circus.log",
                "2026-11-30 23:00:00 circus[1] [INFO] Arbiter now waiting for commands\n");

        assertThat(tail("web", 2).lines()).containsExactly("two", "three");
        assertThat(logs.tail(logs.locate(instance, Optional.of("web"), true), 10).lines())
                .containsExactly("oops");
        assertThat(tail(null, 10).lines())
                .containsExactly(
                        "2026-11-30 23:00:00 circus[1] [INFO] Arbiter now waiting for commands");
    }

    @Test
    void theLogKnowsItsWatcherAsCircusIniNamesIt() {
        Logs.Log log = logs.locate(instance, Optional.of("WEB"), true);
        assertThat(log.watcher()).contains("web");
        assertThat(log.stream()).isEqualTo(LogStream.STDERR);
        assertThat(log.file()).isEqualTo(dir.resolve("web.stderr.log"));
    }

    @Test
    void aMissingLogIsSaidNamingItsFile() {
        refused("web", Why.MISSING)
                .hasMessage(
                        "u@h: web's stdout log: "
                                + dir.resolve("web.stdout.log")
                                + " does not exist");
        refused(null, Why.MISSING)
                .hasMessage("u@h: circusd's log: " + dir.resolve("circus.log") + " does not exist");
    }

    @Test
    void aLogInAFolderThatDoesNotExistIsMissing() throws IOException {
        ini("[watcher:web]\ncmd = x\nstdout_stream.filename = logs/web.log\n");
        refused("web", Why.MISSING)
                .hasMessageEndingWith(dir.resolve("logs/web.log") + " does not exist");
        log("logs", "a file where a folder should be\n");
        refused("web", Why.MISSING);
    }

    @Test
    void anUnknownWatcherIsRefusedBeforeAnyLogIsLookedFor() {
        refused("nosuch", Why.UNKNOWN_WATCHER)
                .hasMessage(
                        "u@h: "
                                + dir.resolve("circus.ini")
                                + " defines no watcher 'nosuch'; it defines: web");
    }

    @Test
    void dotDotIsRefusedAsBadInput() {
        assertThatThrownBy(() -> logs.locate(instance, Optional.of(".."), false))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid watcher name '..': it would name a folder");
        assertThatThrownBy(() -> logs.locate(instance, Optional.of("../../../shadow"), false))
                .isInstanceOf(BadInputException.class)
                .hasMessage("invalid watcher name '../../../shadow': it holds a '/'");
    }

    @Test
    void stderrNeedsAWatcher() {
        assertThatThrownBy(() -> logs.locate(instance, Optional.empty(), true))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--stderr needs a WATCHER");
    }

    @Test
    void aLinkOutOfTheHomeIsNotFollowed() throws IOException {
        Files.createSymbolicLink(dir.resolve("web.stdout.log"), secret);
        refused("web", Why.NOT_SERVED)
                .hasMessage(
                        "u@h: web's stdout log: "
                                + dir.resolve("web.stdout.log")
                                + ": a link to "
                                + secret
                                + ", outside the circus home "
                                + home
                                + ": Barnum follows no link out of it");
    }

    @Test
    void aRelativeLinkClimbingOutOfTheHomeIsNotFollowed() throws IOException {
        Files.createSymbolicLink(dir.resolve("web.stdout.log"), Path.of("../../../../shadow"));
        refused("web", Why.NOT_SERVED)
                .hasMessageContaining("a link to ../../../../shadow, outside");
    }

    @Test
    void aFolderLinkedOutOfTheHomeIsNotWalkedInto() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("var-log"));
        Files.writeString(outside.resolve("web.log"), "secret\n");
        Files.createSymbolicLink(dir.resolve("logs"), outside);
        ini("[watcher:web]\ncmd = x\nstdout_stream.filename = logs/web.log\n");

        refused("web", Why.NOT_SERVED)
                .hasMessageContaining("a link to " + outside + ", outside the circus home");
    }

    @Test
    void linksInsideTheHomeAreFollowed() throws IOException {
        Files.createDirectories(home.resolve("shared"));
        Files.writeString(home.resolve("shared/web.log"), "from the shared folder\n");
        Files.createSymbolicLink(dir.resolve("web.stdout.log"), Path.of("../shared/web.log"));
        Files.createSymbolicLink(dir.resolve("logs"), home.resolve("shared"));
        ini(
                "[watcher:web]\ncmd = x\n[watcher:api]\ncmd = y\n"
                        + "stdout_stream.filename = logs/web.log\n");

        assertThat(tail("web", 1).lines()).containsExactly("from the shared folder");
        assertThat(tail("api", 1).lines()).containsExactly("from the shared folder");
    }

    @Test
    void aLoopOfLinksEnds() throws IOException {
        Files.createSymbolicLink(dir.resolve("web.stdout.log"), Path.of("a"));
        Files.createSymbolicLink(dir.resolve("a"), Path.of("web.stdout.log"));
        refused("web", Why.NOT_SERVED).hasMessageEndingWith("more than 8 links on the way");
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("web.stdout.log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        refused("web", Why.NOT_SERVED)
                .hasMessageEndingWith(
                        fifo
                                + ": not a regular file (a FIFO, socket or device): Barnum reads only"
                                + " regular files");
    }

    @Test
    void aDeviceIsRefused() throws Exception {
        Path device = dir.resolve("web.stdout.log");
        Process mknod = new ProcessBuilder("mknod", device.toString(), "c", "1", "5").start();
        assumeTrue(mknod.waitFor() == 0, "making a device node needs root");

        refused("web", Why.NOT_SERVED).hasMessageContaining("not a regular file");
    }

    @Test
    void aLinkToADeviceLeadsOutOfTheHome() throws IOException {
        Files.createSymbolicLink(dir.resolve("web.stdout.log"), Path.of("/dev/zero"));
        refused("web", Why.NOT_SERVED).hasMessageContaining("a link to /dev/zero, outside");
    }

    @Test
    void aFolderIsNoLog() throws IOException {
        Files.createDirectories(dir.resolve("web.stdout.log"));
        refused("web", Why.NOT_SERVED).hasMessageContaining("not a regular file (a folder)");
    }

    @Test
    void circusdsLogIsShownEvenWhenCircusIniCannotBeRead() throws IOException {
        ini("endpoint = tcp://127.0.0.1:5555\n"); // no section header: circusd refuses it
        log("circus.log", "circusd refused its configuration\n");

        LogTail tail = tail(null, 5);

        assertThat(tail.lines()).containsExactly("circusd refused its configuration");
        assertThat(tail.notes())
                .singleElement()
                .asString()
                .contains("no section header")
                .endsWith("; showing " + dir.resolve("circus.log"));
        assertThatThrownBy(() -> tail("web", 5))
                .isInstanceOf(LogUnavailableException.class)
                .hasMessageStartingWith("u@h: cannot tell where the log is: ");
    }

    // --- following ---

    /** What a follower showed: {@code line:...} and {@code note:...}, in order. */
    private static final class Seen implements LogSink {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<String> all = new CopyOnWriteArrayList<>();

        @Override
        public void line(String line) {
            events.add("line:" + line);
        }

        @Override
        public void note(String note) {
            events.add("note:" + note);
        }

        /** Waits, at most until the test's own deadline, for an event that matches. */
        String await(Predicate<String> wanted, Instant deadline) throws InterruptedException {
            while (Instant.now().isBefore(deadline)) {
                String event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event != null) {
                    all.add(event);
                    if (wanted.test(event)) {
                        return event;
                    }
                }
            }
            throw new AssertionError("not seen before the deadline; seen: " + all);
        }
    }

    /** A thread following {@code log} into {@code seen}, which notes {@code ended} at the end. */
    private Thread following(Logs.Log log, Seen seen) {
        Thread follower =
                new Thread(
                        () -> {
                            try {
                                logs.follow(log, 10, seen);
                            } catch (InterruptedException e) {
                                seen.note("ended");
                            }
                        },
                        "log-follower");
        follower.start();
        return follower;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void followingShowsAppendedLinesAndSaysWhatHappensToTheFile() throws Exception {
        Path file = log("web.stdout.log", "one\n");
        Logs.Log log = logs.locate(instance, Optional.of("web"), false);
        Seen seen = new Seen();
        Thread follower = following(log, seen);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        try {
            seen.await("line:one"::equals, deadline);

            append(file, "two\nthr");
            seen.await("line:two"::equals, deadline);
            append(file, "ee\n");
            assertThat(seen.await(e -> e.startsWith("line:"), deadline))
                    .as("a line is shown once it is complete")
                    .isEqualTo("line:three");

            Files.writeString(file, "four\n"); // truncated (copytruncate), then written again
            seen.await(
                    e -> e.equals("note:" + file + ": truncated; following it from its start"),
                    deadline);
            seen.await("line:four"::equals, deadline);

            Path rotated = dir.resolve("web.stdout.log.new");
            Files.writeString(rotated, "five\n");
            append(file, "last of the old one\n");
            Files.move(
                    rotated,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            seen.await(e -> e.startsWith("note:" + file + ": replaced by a new file"), deadline);
            seen.await("line:five"::equals, deadline);

            Files.delete(file);
            seen.await(
                    e -> e.equals("note:" + file + ": gone; waiting for it to come back"),
                    deadline);
            Files.writeString(file, "six\n");
            seen.await(
                    e -> e.equals("note:" + file + ": back; following it from its start"),
                    deadline);
            seen.await("line:six"::equals, deadline);
        } finally {
            follower.interrupt();
            follower.join(Duration.ofSeconds(10).toMillis());
        }
        assertThat(follower.isAlive()).isFalse();
        seen.await("note:ended"::equals, Instant.now().plusSeconds(5));
        assertThat(seen.all).contains("line:last of the old one");
        assertThat(seen.all.indexOf("line:last of the old one"))
                .as("what the replaced file still had comes first")
                .isLessThan(seen.all.indexOf("line:five"));
    }

    @Test
    void aFollowedLineLongerThanTheBoundIsCutAndItsRestCounted() throws Exception {
        Path file = log("web.stdout.log", "");
        Logs.Log log = logs.locate(instance, Optional.of("web"), false);
        Seen seen = new Seen();
        Thread follower = following(log, seen);
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            for (int i = 0; i < 10; i++) {
                append(file, "y".repeat(100_000)); // one line, written in pieces
            }
            append(file, "\nnext\n");
            seen.await(
                    ("line:"
                                    + "y".repeat(LineText.LINE_LIMIT)
                                    + " [... "
                                    + (1_000_000 - LineText.LINE_LIMIT)
                                    + " more bytes]")
                            ::equals,
                    deadline);
            seen.await("line:next"::equals, deadline);
        } finally {
            follower.interrupt();
            follower.join(Duration.ofSeconds(10).toMillis());
        }
    }
}
