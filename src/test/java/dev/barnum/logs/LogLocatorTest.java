package dev.barnum.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.Fixtures;
import dev.barnum.circus.CircusIni;
import dev.barnum.config.BadInputException;
import dev.barnum.logs.LogUnavailableException.Why;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a log is, from what circus.ini says (captured circus.ini cases where they apply), and what
 * is refused: a watcher circus.ini does not define, a name that would leave the home, a log
 * elsewhere (said, with where it is).
 */
class LogLocatorTest {

    @TempDir Path tmp;

    /** The user's circus home. */
    private Path home;

    /** The host's folder in it, holding circus.ini. */
    private Path dir;

    @BeforeEach
    void home() throws IOException {
        home = Files.createDirectories(tmp.resolve("users/u/circus"));
        dir = Files.createDirectories(home.resolve("h"));
    }

    private LogLocator locator(String ini) throws Exception {
        Path file = Files.writeString(dir.resolve("circus.ini"), ini, StandardCharsets.UTF_8);
        return new LogLocator(file, home, CircusIni.config(file, home));
    }

    private Path watcherLog(String ini, String watcher, LogStream stream) throws Exception {
        return locator(ini).locate(Optional.of(watcher), stream);
    }

    private Path circusLog(String ini) throws Exception {
        return locator(ini).locate(Optional.empty(), LogStream.CIRCUS);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(
            String ini, String watcher, LogStream stream, Why why) throws Exception {
        LogLocator locator = locator(ini);
        Optional<String> named = Optional.ofNullable(watcher);
        return assertThatThrownBy(() -> locator.locate(named, stream))
                .isInstanceOfSatisfying(
                        LogUnavailableException.class, e -> assertThat(e.why()).isEqualTo(why))
                .hasMessageNotContaining("\n");
    }

    // --- beside circus.ini, as the homes lay them out ---

    @Test
    void aWatchersLogsAreBesideCircusIniByDefault() throws Exception {
        String ini = Fixtures.text("circus-ini/tcp-endpoint/circus.ini"); // [watcher:watcher1]
        assertThat(watcherLog(ini, "watcher1", LogStream.STDOUT))
                .isEqualTo(dir.resolve("watcher1.stdout.log"));
        assertThat(watcherLog(ini, "watcher1", LogStream.STDERR))
                .isEqualTo(dir.resolve("watcher1.stderr.log"));
    }

    @Test
    void circusdsOwnLogIsCircusLogBesideCircusIniByDefault() throws Exception {
        assertThat(circusLog(Fixtures.text("circus-ini/no-circus-section/circus.ini")))
                .isEqualTo(dir.resolve("circus.log"));
    }

    // --- watchers circus.ini does not define ---

    @Test
    void aWatcherCircusIniDoesNotDefineIsRefusedNamingThoseItDefines() throws Exception {
        String ini = Fixtures.text("circus-ini/empty-circus-section/circus.ini"); // [watcher:web]
        refused(ini, "nosuch", LogStream.STDOUT, Why.UNKNOWN_WATCHER)
                .hasMessage(
                        dir.resolve("circus.ini")
                                + " defines no watcher 'nosuch'; it defines: web");
    }

    @Test
    void aWatcherSectionWithoutKeysIsNoWatcher() throws Exception {
        // circus skips a section without keys: it creates no watcher
        refused("[circus]\n[watcher:empty]\n", "empty", LogStream.STDOUT, Why.UNKNOWN_WATCHER)
                .hasMessageEndingWith("defines no watcher 'empty' (it defines none)");
        assertThat(
                        watcherLog(
                                "[DEFAULT]\nnumprocesses = 1\n[watcher:empty]\n",
                                "empty",
                                LogStream.STDOUT))
                .as("[DEFAULT] gives it a key")
                .isEqualTo(dir.resolve("empty.stdout.log"));
    }

    @Test
    void aWatcherIsFoundInAnyCaseAsCircusFindsIt() throws Exception {
        LogLocator locator = locator("[watcher:Manual]\ncmd = sleep 1\n");
        assertThat(locator.watcher("manual")).isEqualTo("Manual");
        assertThat(locator.locate(Optional.of("MANUAL"), LogStream.STDOUT))
                .isEqualTo(dir.resolve("Manual.stdout.log"));
    }

    @Test
    void aWatcherDefinedInAnIncludedFileCounts() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/web.ini"), "[watcher:web]\ncmd = sleep 1\n");
        assertThat(watcherLog("[circus]\ninclude_dir = conf.d\n", "web", LogStream.STDOUT))
                .isEqualTo(dir.resolve("web.stdout.log"));
    }

    @Test
    void namesThatWouldLeaveTheHomeAreRefusedBeforeAnythingIsRead() {
        for (String name : new String[] {"..", ".", "../h", "a/b", "/etc/passwd", "", "a\u0000b"}) {
            assertThatThrownBy(() -> LogLocator.checkName(name))
                    .as(name)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("invalid watcher name '")
                    .hasMessageNotContaining("\u0000");
        }
        assertThatThrownBy(() -> LogLocator.checkName("w".repeat(256)))
                .hasMessageEndingWith("longer than 255 characters");
        LogLocator.checkName("web app:1"); // circus allows spaces and colons
    }

    // --- stdout_stream.filename ---

    @Test
    void aStreamFileInsideTheHomeIsTheLog() throws Exception {
        Path absolute = dir.resolve("logs/web.out");
        String ini =
                "[watcher:web]\ncmd = sleep 1\nstdout_stream.class = FileStream\n"
                        + "stdout_stream.filename = "
                        + absolute
                        + "\nstderr_stream.filename = ../shared/web.err\n";
        assertThat(watcherLog(ini, "web", LogStream.STDOUT)).isEqualTo(absolute);
        assertThat(watcherLog(ini, "web", LogStream.STDERR))
                .as("relative: from circus.ini's folder, still inside the home")
                .isEqualTo(home.resolve("shared/web.err"));
    }

    @Test
    void aStreamFileOutsideTheHomeIsNamedNotRead() throws Exception {
        String ini =
                "[watcher:web]\ncmd = sleep 1\nstdout_stream.filename = /var/log/web.log\n"
                        + "stderr_stream.filename = ../../../../../etc/shadow\n";
        refused(ini, "web", LogStream.STDOUT, Why.NOT_SERVED)
                .hasMessage(
                        "web's stdout log is /var/log/web.log (stdout_stream.filename in "
                                + dir.resolve("circus.ini")
                                + "), outside the circus home "
                                + home
                                + ": Barnum reads logs only inside it");
        refused(ini, "web", LogStream.STDERR, Why.NOT_SERVED)
                .hasMessageContaining("is " + dir.resolve("../../../../../etc/shadow"))
                .hasMessageContaining("outside the circus home");
    }

    @Test
    void theHomeItselfIsNoLog() throws Exception {
        refused(
                        "[watcher:web]\ncmd = x\nstdout_stream.filename = ..\n",
                        "web",
                        LogStream.STDOUT,
                        Why.NOT_SERVED)
                .hasMessageContaining("outside the circus home");
    }

    @Test
    void aStreamFileTakesItsVariablesFromTheEnvSection() throws Exception {
        String ini =
                "[env]\nLOG_DIR = logs\n[watcher:web]\ncmd = x\n"
                        + "stdout_stream.filename = $(CIRCUS.ENV.log_dir)/web.log\n"
                        + "stderr_stream.filename = $(circus.env.HOME)/web.err\n";
        assertThat(watcherLog(ini, "web", LogStream.STDOUT)).isEqualTo(dir.resolve("logs/web.log"));
        refused(ini, "web", LogStream.STDERR, Why.NOT_SERVED)
                .hasMessageContaining("$(circus.env.HOME)/web.err")
                .hasMessageContaining("a variable of circusd's environment");
    }

    @Test
    void aStreamFileFromTheDefaultSectionAppliesToEveryWatcher() throws Exception {
        String ini =
                "[DEFAULT]\nstdout_stream.filename = all.log\n"
                        + "[watcher:a]\ncmd = x\n[watcher:b]\ncmd = y\n"
                        + "stdout_stream.filename = b.log\n";
        assertThat(watcherLog(ini, "a", LogStream.STDOUT)).isEqualTo(dir.resolve("all.log"));
        assertThat(watcherLog(ini, "b", LogStream.STDOUT)).isEqualTo(dir.resolve("b.log"));
    }

    @Test
    void aWatcherWritingToCircusdsOutputHasNoFile() throws Exception {
        refused(
                        "[watcher:web]\ncmd = x\nstdout_stream.class = FancyStdoutStream\n",
                        "web",
                        LogStream.STDOUT,
                        Why.NOT_SERVED)
                .hasMessageStartingWith(
                        "web's stdout log goes to circusd's standard output"
                                + " (stdout_stream.class = FancyStdoutStream in ")
                .hasMessageEndingWith("see the journal of its systemd unit");
    }

    @Test
    void aStreamFileNameWithALineBreakIsRefused() throws Exception {
        refused(
                        "[watcher:web]\ncmd = x\nstdout_stream.filename = a\n  b\n",
                        "web",
                        LogStream.STDOUT,
                        Why.NOT_SERVED)
                .hasMessageContaining("[watcher:web] stdout_stream.filename")
                .hasMessageEndingWith("holds a control character");
    }

    // --- [circus] logoutput ---

    @Test
    void circusdsLogoutputIsItsLogWhenItNamesAFileInsideTheHome() throws Exception {
        assertThat(circusLog("[circus]\nlogoutput = logs/circusd.log\n"))
                .isEqualTo(dir.resolve("logs/circusd.log"));
        refused(
                        "[circus]\nlogoutput = /var/log/circusd.log\n",
                        null,
                        LogStream.CIRCUS,
                        Why.NOT_SERVED)
                .hasMessageStartingWith(
                        "circusd's log is /var/log/circusd.log ([circus] logoutput in ");
    }

    @Test
    void circusdLoggingElsewhereIsSaid() throws Exception {
        refused("[circus]\nlogoutput = -\n", null, LogStream.CIRCUS, Why.NOT_SERVED)
                .hasMessageStartingWith("circusd's log goes to its standard output");
        refused(
                        "[circus]\nlogoutput = syslog://localhost:514?local0\n",
                        null,
                        LogStream.CIRCUS,
                        Why.NOT_SERVED)
                .hasMessageStartingWith(
                        "circusd's log goes to syslog (syslog://localhost:514?local0");
        refused("[circus]\nloggerconfig = logging.ini\n", null, LogStream.CIRCUS, Why.NOT_SERVED)
                .hasMessageStartingWith("circusd's log is configured by logging.ini");
    }
}
