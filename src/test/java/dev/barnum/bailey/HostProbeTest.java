package dev.barnum.bailey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.barnum.Fixtures;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.discovery.Homes;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.remote.ShellQuote;
import dev.barnum.systemd.SystemctlCommands;
import dev.barnum.systemd.UnitPattern;

/**
 * The host flow's findings for what hosts really print, through the {@link Shell} seam: each command
 * answers with captured output (shared/fixtures), and anything not scripted fails the test.
 */
class HostProbeTest {

    private static final String LIST_AND_SHOW = ShellQuote.join(SystemctlCommands.listAndShow("circus_*_host1.service"));
    private static final String SHOW = "systemctl show --no-pager -p Id,LoadState,UnitFileState,ActiveState,SubState,User,FragmentPath ";
    private static final String ACTIVE_UNIT = "User=user1\nId=circus_user1_host1.service\nLoadState=loaded\n"
            + "ActiveState=active\nSubState=running\nFragmentPath=/etc/systemd/system/circus_user1_host1.service\n"
            + "UnitFileState=enabled\n";

    @TempDir
    Path root;

    private final ScriptedShell shell = new ScriptedShell();
    private HostProbe probe;

    /** Answers each exact command line with a scripted result and records what ran. */
    private static final class ScriptedShell implements Shell {
        final Map<String, ExecResult> script = new HashMap<>();
        final List<String> ran = new ArrayList<>();

        void answer(String command, int exit, String stdout, String stderr) {
            script.put(command, new ExecResult(List.of("sh", "-c", command), exit, stdout, stderr, Duration.ZERO));
        }

        @Override
        public ExecResult run(List<String> argv, Duration timeout) {
            String command = ShellQuote.join(argv);
            ran.add(command);
            ExecResult result = script.get(command);
            if (result == null) {
                throw new AssertionError("not scripted: " + command);
            }
            return result;
        }

        /** A batch is answered command by command, as the real one is, so each can be scripted alone. */
        @Override
        public List<ExecResult> runAll(List<List<String>> commands, Duration timeout) {
            List<ExecResult> results = new ArrayList<>();
            for (List<String> argv : commands) {
                results.add(run(argv, timeout));
            }
            return results;
        }

        @Override
        public String describe(List<String> argv) {
            return ShellQuote.join(argv);
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void setUp() {
        Homes homes = new Homes(root + "/{user}/circus");
        probe = new HostProbe(homes, new UnitPattern("circus_{user}_{host}.service"), new CircusctlCommands("circusctl",
                Duration.ofSeconds(5)), Set.of("user1"), Duration.ofSeconds(10), "/etc/systemd/system", Clock.systemUTC());
    }

    private void circusIni(String user, String fixtureCase) throws IOException {
        Path dir = Files.createDirectories(root.resolve(user + "/circus/host1"));
        Files.writeString(dir.resolve("circus.ini"), Fixtures.text("circus-ini/" + fixtureCase + "/circus.ini"));
    }

    private HostReport probe(Optional<String> user) {
        return probe.probe("host1", shell, user, List.of(), HostProbe.Ask.STATUS, Instant.now().plusSeconds(30), Trace.NONE);
    }

    private void oneActiveUnit() {
        shell.answer(LIST_AND_SHOW, 0, ACTIVE_UNIT, "");
    }

    @Test
    void aHostWithoutRunningSystemdIsACommandFailure() {
        String bus = Fixtures.transcript("systemctl/captured-offline-systemd252.txt", "systemctl show -p Id,ActiveState ssh.service");
        shell.answer(LIST_AND_SHOW, 1, "", bus);
        HostReport report = probe(Optional.empty());
        assertThat(report.failure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo(Reason.COMMAND);
            assertThat(f.message()).isEqualTo("host1: systemctl failed: System has not been booted with systemd as init "
                    + "system (PID 1). Can't operate.");
        });
    }

    @Test
    void outputThatIsNotSystemdsIsAParseFailure() {
        shell.answer(LIST_AND_SHOW, 0, "Welcome to host1!\n", "");
        assertThat(probe(Optional.empty()).failure()).hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.PARSE));
    }

    @Test
    void noCircusUnitsIsAnEmptyHostNotAFailure() {
        shell.answer(LIST_AND_SHOW, 0, "", "");
        HostReport report = probe(Optional.empty());
        assertThat(report.up()).isTrue();
        assertThat(report.units()).isEmpty();
        assertThat(shell.ran).containsExactly(LIST_AND_SHOW);
    }

    @Test
    void theServiceAlsoCountsEachWatchersProcesses() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        shell.answer("circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status", 0,
                Fixtures.text("circusctl/json-status-all-a.txt"), "");
        shell.answer("circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json stats", 0,
                "{\"status\": \"ok\", \"infos\": {\"workers\": {\"1\": {}, \"2\": {}, \"3\": {}}, \"idle\": {}}, \"id\": \"s\"}\n", "");
        HostReport report = probe.probe("host1", shell, Optional.empty(), List.of(), HostProbe.Ask.STATUS_AND_PROCESSES,
                Instant.now().plusSeconds(30), Trace.NONE);
        assertThat(report.units().get(0).circus()).isInstanceOfSatisfying(CircusFinding.Watchers.class, w -> {
            assertThat(w.watchers()).hasSize(5);
            assertThat(w.processes()).containsExactly(java.util.Map.entry("idle", 0), java.util.Map.entry("workers", 3));
        });
    }

    @Test
    void aCircusErrorReplyIsReportedThoughCircusctlExitedZero() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        shell.answer("circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status", 0,
                Fixtures.text("circusctl/json-status-unknown-watcher.txt"), "");
        UnitReport unit = probe(Optional.empty()).units().get(0);
        assertThat(unit.circus()).isEqualTo(new CircusFinding.Failed(new Failure(Reason.COMMAND,
                "circusd tcp://127.0.0.1:5775 replied: program nosuch not found")));
    }

    @Test
    void aSilentCircusdIsNotAnswering() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        String meta = Fixtures.text("circusctl/json-status-endpoint-down.meta");
        shell.answer("circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status", 1, "",
                meta.substring(meta.indexOf("stderr:\n") + "stderr:\n".length()));
        assertThat(probe(Optional.empty()).units().get(0).circus())
                .isEqualTo(new CircusFinding.NotAnswering("tcp://127.0.0.1:5775"));
    }

    @Test
    void aMissingCircusctlIsACommandFailureOfThatUnit() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        shell.answer("circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status", 127, "",
                "sh: 1: circusctl: not found\n");
        HostReport report = probe(Optional.empty());
        assertThat(report.up()).isTrue();
        assertThat(report.units().get(0).circus()).isEqualTo(new CircusFinding.Failed(new Failure(Reason.COMMAND,
                "circusctl exited 127: sh: 1: circusctl: not found")));
    }

    @Test
    void anEndpointBarnumCannotResolveIsNotGuessed() throws IOException {
        oneActiveUnit();
        circusIni("user1", "env-variable-unknown");
        CircusFinding finding = probe(Optional.empty()).units().get(0).circus();
        assertThat(finding).isInstanceOfSatisfying(CircusFinding.Failed.class, f -> {
            assertThat(f.failure().reason()).isEqualTo(Reason.PARSE);
            assertThat(f.failure().message()).endsWith("endpoint tcp://127.0.0.1:$(circus.env.NOPE_NOT_SET) uses a variable "
                    + "Barnum cannot see");
        });
        assertThat(shell.ran).noneMatch(command -> command.startsWith("circusctl"));
    }

    @Test
    void aUnitWhoseUserHasNoCircusIniSaysSo() {
        oneActiveUnit();
        CircusFinding finding = probe(Optional.empty()).units().get(0).circus();
        assertThat(finding).isInstanceOfSatisfying(CircusFinding.Failed.class,
                f -> assertThat(f.failure().message()).isEqualTo("no circus.ini for user1@host1: " + root
                        + "/user1/circus/host1/circus.ini does not exist"));
    }

    @Test
    void aMalformedCircusIniIsAParseFailureNamingTheFile() throws IOException {
        oneActiveUnit();
        circusIni("user1", "no-section-header");
        CircusFinding finding = probe(Optional.empty()).units().get(0).circus();
        assertThat(finding).isInstanceOfSatisfying(CircusFinding.Failed.class, f -> {
            assertThat(f.failure().reason()).isEqualTo(Reason.PARSE);
            assertThat(f.failure().message()).startsWith(root + "/user1/circus/host1/circus.ini:1:");
        });
    }

    @Test
    void aUserOfAUnitNotInstalledIsReported() {
        shell.answer(SHOW + "circus_user1_host1.service", 0, "User=\nId=circus_user1_host1.service\nLoadState=not-found\n"
                + "ActiveState=inactive\nSubState=dead\nFragmentPath=\nUnitFileState=\n", "");
        CircusFinding finding = probe(Optional.of("user1")).units().get(0).circus();
        assertThat(finding).isEqualTo(new CircusFinding.Failed(new Failure(Reason.COMMAND,
                "circus_user1_host1.service is not installed on host1")));
    }

    @Test
    void nothingRunsOnceTheDeadlineHasPassed() {
        HostReport report = probe.probe("host1", shell, Optional.empty(), List.of(), HostProbe.Ask.STATUS, Instant.now().minusMillis(1),
                Trace.NONE);
        assertThat(report.failure()).hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(shell.ran).isEmpty();
    }
}
