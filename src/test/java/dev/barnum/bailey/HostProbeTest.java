package dev.barnum.bailey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.Fixtures;
import dev.barnum.base.Deadline;
import dev.barnum.circus.CircusIni;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.discovery.Homes;
import dev.barnum.discovery.Instance;
import dev.barnum.discovery.Inventory;
import dev.barnum.fleet.FanOut;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.remote.ShellQuote;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.ExpectedUnit;
import dev.barnum.state.Failure;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.SystemctlCommands;
import dev.barnum.systemd.UnitPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host flow's findings for what hosts really print, through the {@link Shell} seam: each
 * command answers with captured output (shared/fixtures), and anything not scripted fails the test.
 */
class HostProbeTest {

    private static final String LIST_AND_SHOW =
            ShellQuote.join(SystemctlCommands.listAndShow("circus_*_host1.service", List.of()));
    private static final String SHOW =
            "systemctl show --no-pager -p Id,LoadState,UnitFileState,ActiveState,SubState,User,FragmentPath ";
    private static final String ACTIVE_UNIT =
            "User=user1\nId=circus_user1_host1.service\nLoadState=loaded\n"
                    + "ActiveState=active\nSubState=running\nFragmentPath=/etc/systemd/system/circus_user1_host1.service\n"
                    + "UnitFileState=enabled\n";

    /** user1 is in circus_users.yaml, with no circus.ini in the homes. */
    private static final Inventory NOTHING_EXPECTED = Inventory.of(List.of("user1"), Map.of());

    @TempDir Path root;

    private final ScriptedShell shell = new ScriptedShell();
    private HostProbe probe;

    /** Answers each exact command line with a scripted result and records what ran. */
    private static final class ScriptedShell implements Shell {
        final Map<String, ExecResult> script = new HashMap<>();
        final List<String> ran = new ArrayList<>();

        void answer(String command, int exit, String stdout, String stderr) {
            script.put(
                    command,
                    new ExecResult(
                            List.of("sh", "-c", command), exit, stdout, stderr, Duration.ZERO));
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

        /**
         * A batch is answered command by command, as the real one is, so each can be scripted
         * alone.
         */
        @Override
        public List<ExecResult> runAll(List<List<String>> commands, Duration timeout) {
            List<ExecResult> results = new ArrayList<>();
            for (List<String> argv : commands) {
                results.add(run(argv, timeout));
            }
            return results;
        }

        /** Where each link target really is: a local port of a test circusd, or refused. */
        final Map<String, Integer> links = new HashMap<>();

        boolean refusesForwarding;

        @Override
        public dev.barnum.remote.Link link(
                dev.barnum.remote.LinkTarget target, java.io.OutputStream inbound, Duration timeout)
                throws dev.barnum.remote.ShellException {
            ran.add("link " + target);
            if (refusesForwarding) {
                throw new dev.barnum.remote.ForwardingRefusedException("host1: prohibited");
            }
            Integer port = links.get(target.toString());
            if (port == null) {
                throw new dev.barnum.remote.NotListeningException("host1: nothing at " + target);
            }
            return dev.barnum.circus.wire.SocketLink.to(port).open(inbound);
        }

        @Override
        public String describe(List<String> argv) {
            return ShellQuote.join(argv);
        }

        @Override
        public void close() {}
    }

    @BeforeEach
    void setUp() {
        Homes homes = new Homes(root + "/{user}/circus");
        probe = prober(new Homes(root + "/{user}/circus"), CircusIni::endpoint);
    }

    private void circusIni(String user, String fixtureCase) throws IOException {
        Path dir = Files.createDirectories(root.resolve(user + "/circus/host1"));
        Files.writeString(
                dir.resolve("circus.ini"),
                Fixtures.text("circus-ini/" + fixtureCase + "/circus.ini"));
    }

    private HostReport probe(Optional<String> user) {
        return probeHost1(
                probe, user, HostProbe.Ask.STATUS, Deadline.after(Duration.ofSeconds(30)));
    }

    /** A prober over the homes of {@code homes}, reading endpoints with {@code reader}. */
    private static HostProbe prober(Homes homes, HostProbe.EndpointReader reader) {
        return prober(homes, reader, NOTHING_EXPECTED);
    }

    /** The same, where the homes expect what {@code inventory} says. */
    private static HostProbe prober(
            Homes homes, HostProbe.EndpointReader reader, Inventory inventory) {
        return new HostProbe(
                homes,
                reader,
                new UnitPattern("circus_{user}_{host}.service"),
                CircusAccess.circusctlOnly(
                        new CircusctlCommands("circusctl", Duration.ofSeconds(5))),
                inventory,
                Duration.ofSeconds(10),
                "/etc/systemd/system",
                Clock.systemUTC());
    }

    private HostReport probeHost1(
            HostProbe prober, Optional<String> user, HostProbe.Ask ask, Deadline deadline) {
        return prober.probe("host1", shell, new ProbeRequest(user, ask, Trace.NONE), deadline);
    }

    private void oneActiveUnit() {
        shell.answer(LIST_AND_SHOW, 0, ACTIVE_UNIT, "");
    }

    @Test
    void aHostWithoutRunningSystemdIsACommandFailure() {
        String bus =
                Fixtures.transcript(
                        "systemctl/captured-offline-systemd252.txt",
                        "systemctl show -p Id,ActiveState ssh.service");
        shell.answer(LIST_AND_SHOW, 1, "", bus);
        HostReport report = probe(Optional.empty());
        assertThat(report.failure())
                .hasValueSatisfying(
                        f -> {
                            assertThat(f.reason()).isEqualTo(Reason.COMMAND);
                            assertThat(f.message())
                                    .isEqualTo(
                                            "host1: systemctl failed: System has not been booted with systemd as init "
                                                    + "system (PID 1). Can't operate.");
                        });
    }

    @Test
    void outputThatIsNotSystemdsIsAParseFailure() {
        shell.answer(LIST_AND_SHOW, 0, "Welcome to host1!\n", "");
        assertThat(probe(Optional.empty()).failure())
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.PARSE));
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
        shell.answer(
                "circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status",
                0,
                Fixtures.text("circusctl/json-status-all-a.txt"),
                "");
        shell.answer(
                "circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json stats",
                0,
                "{\"status\": \"ok\", \"infos\": {\"workers\": {\"1\": {}, \"2\": {}, \"3\": {}}, \"idle\": {}}, \"id\": \"s\"}\n",
                "");
        HostReport report =
                probeHost1(
                        probe,
                        Optional.empty(),
                        HostProbe.Ask.STATUS_AND_PROCESSES,
                        Deadline.after(Duration.ofSeconds(30)));
        assertThat(report.units().get(0).circus())
                .isInstanceOfSatisfying(
                        CircusFinding.Watchers.class,
                        w -> {
                            assertThat(w.watchers()).hasSize(5);
                            assertThat(w.processes())
                                    .containsExactly(
                                            java.util.Map.entry("idle", 0),
                                            java.util.Map.entry("workers", 3));
                        });
    }

    @Test
    void aCircusErrorReplyIsReportedThoughCircusctlExitedZero() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        shell.answer(
                "circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status",
                0,
                Fixtures.text("circusctl/json-status-unknown-watcher.txt"),
                "");
        UnitReport unit = probe(Optional.empty()).units().get(0);
        assertThat(unit.circus())
                .isEqualTo(
                        new CircusFinding.Failed(
                                new Failure(
                                        Reason.COMMAND,
                                        "circusd tcp://127.0.0.1:5775 replied: program nosuch not found")));
    }

    /** A prober that asks circusds over circus's protocol first, as the service does. */
    private HostProbe wireProber(dev.barnum.circus.wire.CircusChannels channels) {
        return new HostProbe(
                new Homes(root + "/{user}/circus"),
                CircusIni::endpoint,
                new UnitPattern("circus_{user}_{host}.service"),
                new CircusAccess(
                        new CircusctlCommands("circusctl", Duration.ofSeconds(5)),
                        Optional.of(channels)),
                NOTHING_EXPECTED,
                Duration.ofSeconds(10),
                "/etc/systemd/system",
                Clock.systemUTC());
    }

    private HostReport wireProbe(
            dev.barnum.circus.wire.CircusChannels channels, HostProbe.Ask ask) {
        return probeHost1(
                wireProber(channels),
                Optional.empty(),
                ask,
                Deadline.after(Duration.ofSeconds(30)));
    }

    @Test
    void overTheWireStatusAndEachWatchersListAreAskedAndNoCircusctlRuns() throws Exception {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        String statusAll = Fixtures.text("circusctl/json-status-all-a.txt");
        List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (dev.barnum.circus.wire.CircusPeer circusd =
                        new dev.barnum.circus.wire.CircusPeer(
                                request -> {
                                    requests.add(request);
                                    String id = dev.barnum.circus.wire.CircusPeer.idOf(request);
                                    return request.contains("\"list\"")
                                            ? "{\"status\": \"ok\", \"pids\": [1, 2], \"id\": \""
                                                    + id
                                                    + "\"}"
                                            : statusAll.replaceAll(
                                                    "\"id\": \"[^\"]*\"", "\"id\": \"" + id + "\"");
                                });
                dev.barnum.circus.wire.CircusChannels channels =
                        new dev.barnum.circus.wire.CircusChannels()) {
            shell.links.put("127.0.0.1:5775", circusd.controlPort());
            HostReport report = wireProbe(channels, HostProbe.Ask.STATUS_AND_PROCESSES);
            assertThat(report.units().get(0).circus())
                    .isInstanceOfSatisfying(
                            CircusFinding.Watchers.class,
                            w -> {
                                assertThat(w.endpoint()).isEqualTo("tcp://127.0.0.1:5775");
                                assertThat(w.watchers()).hasSize(5);
                                assertThat(w.processes()).hasSize(5).containsEntry("workers", 2);
                            });
            assertThat(shell.ran).containsExactly(LIST_AND_SHOW, "link 127.0.0.1:5775");
            assertThat(requests).hasSize(6);
            // the next poll reuses the open channel
            wireProbe(channels, HostProbe.Ask.STATUS);
            assertThat(shell.ran).containsOnlyOnce("link 127.0.0.1:5775");
            assertThat(channels.open()).isEqualTo(1);
        }
    }

    @Test
    void overTheWireNothingListeningIsACircusdThatDoesNotAnswer() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        try (dev.barnum.circus.wire.CircusChannels channels =
                new dev.barnum.circus.wire.CircusChannels()) {
            HostReport report = wireProbe(channels, HostProbe.Ask.STATUS);
            assertThat(report.units().get(0).circus())
                    .isEqualTo(new CircusFinding.NotAnswering("tcp://127.0.0.1:5775"));
        }
    }

    @Test
    void aHostThatRefusesToForwardIsAskedWithCircusctlFromThenOn() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        shell.refusesForwarding = true;
        shell.answer(
                "circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status",
                0,
                Fixtures.text("circusctl/json-status-all-a.txt"),
                "");
        try (dev.barnum.circus.wire.CircusChannels channels =
                new dev.barnum.circus.wire.CircusChannels()) {
            for (int poll = 0; poll < 2; poll++) {
                HostReport report = wireProbe(channels, HostProbe.Ask.STATUS);
                assertThat(report.units().get(0).circus())
                        .isInstanceOf(CircusFinding.Watchers.class);
            }
            assertThat(channels.refuses("host1")).isTrue();
            // one refused link, then circusctl only
            assertThat(shell.ran).containsOnlyOnce("link 127.0.0.1:5775");
        }
    }

    @Test
    void anOperatorsCommandPrintsCircusctlsOutputVerbatimWhateverItsExit() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        String stats = Fixtures.text("circusctl/stats-all.txt");
        shell.answer("circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 stats", 3, stats, "");
        CommandReport report = command(List.of("stats"));
        assertThat(report.failure()).isEmpty();
        assertThat(report.pairs())
                .singleElement()
                .satisfies(
                        pair -> {
                            assertThat(pair.user()).isEqualTo("user1");
                            assertThat(pair.reply())
                                    .isInstanceOfSatisfying(
                                            PairOutput.Printed.class,
                                            printed -> {
                                                assertThat(printed.endpoint())
                                                        .isEqualTo("tcp://127.0.0.1:5775");
                                                assertThat(printed.result().stdout())
                                                        .isEqualTo(stats);
                                            });
                        });
        assertThat(report.problem()).isTrue();
    }

    @Test
    void anOperatorsCommandThatCircusdDoesNotAnswerDidNotRun() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        circusdDown("circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 stats");
        assertThat(command(List.of("stats")).pairs().get(0).reply())
                .isEqualTo(
                        new PairOutput.NotRun(
                                new CircusFinding.NotAnswering("tcp://127.0.0.1:5775")));
    }

    @Test
    void anOperatorsCommandRunsOnlyWhereCircusdIsExpected() {
        shell.answer(
                LIST_AND_SHOW,
                0,
                ACTIVE_UNIT
                        .replace("ActiveState=active", "ActiveState=inactive")
                        .replace("SubState=running", "SubState=dead"),
                "");
        CommandReport report = command(List.of("stats"));
        assertThat(report.pairs().get(0).reply())
                .isEqualTo(new PairOutput.NotRun(new CircusFinding.NotExpected()));
        assertThat(report.problem()).isFalse();
        assertThat(shell.ran).containsExactly(LIST_AND_SHOW);
    }

    @Test
    void aHostThatCannotListItsUnitsFailsTheCommandThere() {
        shell.answer(LIST_AND_SHOW, 0, "Welcome to host1!\n", "");
        assertThat(command(List.of("stats")).failure())
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.PARSE));
    }

    /** {@code command} answers as circusctl does when nothing listens at the endpoint. */
    private void circusdDown(String command) {
        String meta = Fixtures.text("circusctl/json-status-endpoint-down.meta");
        shell.answer(
                command, 1, "", meta.substring(meta.indexOf("stderr:\n") + "stderr:\n".length()));
    }

    private CommandReport command(List<String> circusArgs) {
        return probe.command(
                "host1",
                shell,
                new PassthroughRequest(Optional.empty(), circusArgs, Trace.NONE),
                Deadline.after(Duration.ofSeconds(30)));
    }

    @Test
    void aSilentCircusdIsNotAnswering() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        circusdDown("circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status");
        assertThat(probe(Optional.empty()).units().get(0).circus())
                .isEqualTo(new CircusFinding.NotAnswering("tcp://127.0.0.1:5775"));
    }

    @Test
    void aMissingCircusctlIsACommandFailureOfThatUnit() throws IOException {
        oneActiveUnit();
        circusIni("user1", "tcp-endpoint");
        shell.answer(
                "circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status",
                127,
                "",
                "sh: 1: circusctl: not found\n");
        HostReport report = probe(Optional.empty());
        assertThat(report.up()).isTrue();
        assertThat(report.units().get(0).circus())
                .isEqualTo(
                        new CircusFinding.Failed(
                                new Failure(
                                        Reason.COMMAND,
                                        "circusctl exited 127: sh: 1: circusctl: not found")));
    }

    @Test
    void anEndpointBarnumCannotResolveIsNotGuessed() throws IOException {
        oneActiveUnit();
        circusIni("user1", "env-variable-unknown");
        CircusFinding finding = probe(Optional.empty()).units().get(0).circus();
        assertThat(finding)
                .isInstanceOfSatisfying(
                        CircusFinding.Failed.class,
                        f -> {
                            assertThat(f.failure().reason()).isEqualTo(Reason.PARSE);
                            assertThat(f.failure().message())
                                    .endsWith(
                                            "endpoint tcp://127.0.0.1:$(circus.env.NOPE_NOT_SET) uses a variable "
                                                    + "Barnum cannot see");
                        });
        assertThat(shell.ran).noneMatch(command -> command.startsWith("circusctl"));
    }

    @Test
    void aUnitWhoseUserHasNoCircusIniSaysSo() {
        oneActiveUnit();
        CircusFinding finding = probe(Optional.empty()).units().get(0).circus();
        assertThat(finding)
                .isInstanceOfSatisfying(
                        CircusFinding.Failed.class,
                        f ->
                                assertThat(f.failure().message())
                                        .isEqualTo(
                                                "no circus.ini for user1@host1: "
                                                        + root
                                                        + "/user1/circus/host1/circus.ini does not exist"));
    }

    @Test
    void aMalformedCircusIniIsAParseFailureNamingTheFile() throws IOException {
        oneActiveUnit();
        circusIni("user1", "no-section-header");
        CircusFinding finding = probe(Optional.empty()).units().get(0).circus();
        assertThat(finding)
                .isInstanceOfSatisfying(
                        CircusFinding.Failed.class,
                        f -> {
                            assertThat(f.failure().reason()).isEqualTo(Reason.PARSE);
                            assertThat(f.failure().message())
                                    .startsWith(root + "/user1/circus/host1/circus.ini:1:");
                        });
    }

    @Test
    void aUserOfAUnitNotInstalledIsReported() {
        shell.answer(
                SHOW + "circus_user1_host1.service",
                0,
                "User=\nId=circus_user1_host1.service\nLoadState=not-found\n"
                        + "ActiveState=inactive\nSubState=dead\nFragmentPath=\nUnitFileState=\n",
                "");
        CircusFinding finding = probe(Optional.of("user1")).units().get(0).circus();
        assertThat(finding)
                .isEqualTo(
                        new CircusFinding.Failed(
                                new Failure(
                                        Reason.COMMAND,
                                        "circus_user1_host1.service is not installed on host1")));
    }

    @Test
    void nothingRunsOnceTheDeadlineHasPassed() {
        HostReport report =
                probeHost1(
                        probe,
                        Optional.empty(),
                        HostProbe.Ask.STATUS,
                        Deadline.after(Duration.ZERO));
        assertThat(report.failure())
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(shell.ran).isEmpty();
    }

    private static String activeUnit(String user, String host) {
        return "User="
                + user
                + "\nId=circus_"
                + user
                + "_"
                + host
                + ".service\nLoadState=loaded\nActiveState=active\n"
                + "SubState=running\nFragmentPath=/etc/systemd/system/circus_"
                + user
                + "_"
                + host
                + ".service\n"
                + "UnitFileState=enabled\n";
    }

    private Path writeIni(String user, String host, String text) throws IOException {
        Path dir = Files.createDirectories(root.resolve(user + "/circus/" + host));
        return Files.writeString(dir.resolve("circus.ini"), text);
    }

    private static final String STATUS_5775 =
            "circusctl --endpoint tcp://127.0.0.1:5775 --timeout 5 --json status";

    /**
     * Three users' homes on host1 are hostile: an include of /dev/zero (which ran the poll out of
     * memory, and the Error never completed the host's report: the poll hung), a link to a file
     * outside the home, a FIFO (whose open blocks for good). Each fails its own pair; the fourth
     * user and the other host are untouched, and the fleet probe returns.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hostileHomesFailTheirOwnPairAloneAndTheFleetProbeReturns() throws Exception {
        String good = Fixtures.text("circus-ini/tcp-endpoint/circus.ini");
        writeIni("user1", "host1", good);
        writeIni("user1", "host2", good);
        Path zero = writeIni("user2", "host1", "[circus]\ninclude = /dev/zero\n");
        Path linked =
                writeIni(
                        "user3",
                        "host1",
                        "[circus]\nendpoint = tcp://$(circus.env.X):1\ninclude = env.ini\n");
        Files.writeString(root.resolve("secret.ini"), "[env]\nX = s3cret\n");
        Files.createSymbolicLink(linked.resolveSibling("env.ini"), root.resolve("secret.ini"));
        writeIni("user4", "host1", "[circus]\ninclude = pipe.ini\n");
        Path fifo = root.resolve("user4/circus/host1/pipe.ini");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor())
                .isZero();

        ScriptedShell host1 = new ScriptedShell();
        host1.answer(
                LIST_AND_SHOW,
                0,
                String.join(
                        "\n",
                        activeUnit("user1", "host1"),
                        activeUnit("user2", "host1"),
                        activeUnit("user3", "host1"),
                        activeUnit("user4", "host1")),
                "");
        host1.answer(STATUS_5775, 0, Fixtures.text("circusctl/json-status-all-a.txt"), "");
        ScriptedShell host2 = new ScriptedShell();
        host2.answer(
                ShellQuote.join(SystemctlCommands.listAndShow("circus_*_host2.service", List.of())),
                0,
                activeUnit("user1", "host2"),
                "");
        host2.answer(STATUS_5775, 0, Fixtures.text("circusctl/json-status-all-a.txt"), "");
        Map<String, Shell> shells = Map.of("host1", host1, "host2", host2);

        List<HostReport> reports;
        try (FanOut fanOut = new FanOut(2, Duration.ofSeconds(60), Clock.systemUTC())) {
            reports =
                    fanOut.run(
                            List.of("host1", "host2"),
                            shells::get,
                            (host, shell, deadline) ->
                                    probe.probe(
                                            host,
                                            shell,
                                            new ProbeRequest(
                                                    Optional.empty(),
                                                    HostProbe.Ask.STATUS,
                                                    Trace.NONE),
                                            deadline));
        }

        assertThat(reports).allSatisfy(report -> assertThat(report.up()).isTrue());
        List<UnitReport> units = reports.get(0).units();
        assertThat(units)
                .extracting(UnitReport::user)
                .containsExactly("user1", "user2", "user3", "user4");
        assertThat(units.get(0).circus()).isInstanceOf(CircusFinding.Watchers.class);
        assertThat(units.get(1).circus())
                .isEqualTo(
                        parseFailure(
                                zero + ": include /dev/zero is outside " + root + "/user2/circus"));
        assertThat(units.get(2).circus())
                .isEqualTo(
                        parseFailure(
                                linked
                                        + ": include env.ini: "
                                        + linked.resolveSibling("env.ini")
                                        + " does not resolve to a path inside "
                                        + root
                                        + "/user3/circus"));
        assertThat(units.get(3).circus()).isEqualTo(parseFailure(fifo + ": not a regular file"));
        assertThat(reports.get(1).units())
                .singleElement()
                .satisfies(u -> assertThat(u.circus()).isInstanceOf(CircusFinding.Watchers.class));
        assertThat(host1.ran)
                .containsExactly(LIST_AND_SHOW, STATUS_5775)
                .noneMatch(command -> command.contains("s3cret"));
    }

    private static CircusFinding parseFailure(String message) {
        return new CircusFinding.Failed(new Failure(Reason.PARSE, message));
    }

    /**
     * User= comes from the host: "../secret" made Barnum read another home, and a NUL failed the
     * whole host.
     */
    @Test
    void aUnitUserThatIsNotAUserNameNeverBecomesAPath() throws IOException {
        Files.createDirectories(root.resolve("homes"));
        HostProbe nested = prober(new Homes(root + "/homes/{user}/circus"), CircusIni::endpoint);
        writeIni(
                "secret",
                "host1",
                Fixtures.text(
                        "circus-ini/tcp-endpoint/circus.ini")); // root/homes/../secret/circus/host1
        shell.answer(
                LIST_AND_SHOW,
                0,
                activeUnit("user1", "host1").replace("User=user1", "User=../secret")
                        + "\n"
                        + activeUnit("user2", "host1").replace("User=user2", "User=us\0er"),
                "");
        HostReport report =
                probeHost1(
                        nested,
                        Optional.empty(),
                        HostProbe.Ask.STATUS,
                        Deadline.after(Duration.ofSeconds(30)));
        assertThat(report.up()).isTrue();
        assertThat(report.units())
                .extracting(UnitReport::circus)
                .containsExactly(
                        parseFailure(
                                "circus_user1_host1.service has User=../secret, which is not a valid user name"),
                        parseFailure(
                                "circus_user2_host1.service has User=us\0er, which is not a valid user name"));
        assertThat(shell.ran).containsExactly(LIST_AND_SHOW);
    }

    /** Whatever reading one pair's home throws, even an Error, is that pair's parse failure. */
    @Test
    void anErrorWhileReadingOnePairsHomeFailsThatPairAlone() throws IOException {
        HostProbe.EndpointReader reader =
                (ini, home) -> {
                    if (ini.toString().contains("/user2/")) {
                        throw new StackOverflowError();
                    }
                    if (ini.toString().contains("/user3/")) {
                        throw new IllegalStateException("unexpected\nstate");
                    }
                    return CircusIni.endpoint(ini, home);
                };
        HostProbe probing = prober(new Homes(root + "/{user}/circus"), reader);
        for (String user : List.of("user1", "user2", "user3")) {
            writeIni(user, "host1", Fixtures.text("circus-ini/tcp-endpoint/circus.ini"));
        }
        shell.answer(
                LIST_AND_SHOW,
                0,
                String.join(
                        "\n",
                        activeUnit("user1", "host1"),
                        activeUnit("user2", "host1"),
                        activeUnit("user3", "host1")),
                "");
        shell.answer(STATUS_5775, 0, Fixtures.text("circusctl/json-status-all-a.txt"), "");
        HostReport report =
                probeHost1(
                        probing,
                        Optional.empty(),
                        HostProbe.Ask.STATUS,
                        Deadline.after(Duration.ofSeconds(30)));
        assertThat(report.up()).isTrue();
        assertThat(report.units().get(0).circus()).isInstanceOf(CircusFinding.Watchers.class);
        assertThat(report.units().get(1).circus())
                .isEqualTo(
                        parseFailure(
                                "user2@host1: cannot read its circus.ini: "
                                        + "java.lang.StackOverflowError"));
        assertThat(report.units().get(2).circus())
                .isEqualTo(
                        parseFailure(
                                "user3@host1: cannot read its circus.ini: "
                                        + "java.lang.IllegalStateException: unexpected\\nstate"));
    }

    /**
     * What the homes expect on host1 (user1 and user2 of circus_users.yaml have a circus.ini for
     * it) is asked of systemd by name beside the listing: user2's unit, not installed, comes back
     * as systemd shows an unknown name; user1's is disabled. user3 (not in circus_users.yaml) has a
     * circus.ini for host1, user4 has none.
     */
    @Test
    void expectedUnitsAreAskedByNameAndUnitsNoCircusIniNamesAreUnexpected() throws IOException {
        Path user1Ini = writeIni("user1", "host1", "[circus]\n");
        Path user2Ini = writeIni("user2", "host1", "[circus]\n");
        writeIni("user3", "host1", "[circus]\n");
        Inventory inventory =
                Inventory.of(
                        List.of("user1", "user2"),
                        Map.of(
                                "host1",
                                List.of(
                                        new Instance("user1", "host1", user1Ini),
                                        new Instance("user2", "host1", user2Ini))));
        shell.answer(
                ShellQuote.join(
                        SystemctlCommands.listAndShow(
                                "circus_*_host1.service",
                                List.of(
                                        "circus_user1_host1.service",
                                        "circus_user2_host1.service"))),
                0,
                String.join(
                        "\n",
                        inactiveUnit("user1", "disabled"),
                        inactiveUnit("user3", "disabled"),
                        inactiveUnit("user4", "enabled"),
                        "User=\nId=circus_user2_host1.service\nLoadState=not-found\n"
                                + "ActiveState=inactive\nSubState=dead\nFragmentPath=\nUnitFileState=\n"),
                "");
        HostReport report =
                probeHost1(
                        prober(new Homes(root + "/{user}/circus"), CircusIni::endpoint, inventory),
                        Optional.empty(),
                        HostProbe.Ask.STATUS,
                        Deadline.after(Duration.ofSeconds(30)));

        ExpectedUnit user1 = new ExpectedUnit("user1", "circus_user1_host1.service", user1Ini);
        ExpectedUnit user2 = new ExpectedUnit("user2", "circus_user2_host1.service", user2Ini);
        assertThat(report.expected()).containsExactly(user1, user2);
        assertThat(report.presence(user1)).isEqualTo(ExpectedUnit.Presence.DISABLED);
        assertThat(report.presence(user2)).isEqualTo(ExpectedUnit.Presence.NOT_INSTALLED);
        assertThat(report.units())
                .as("sorted by name, the unit not installed among them")
                .extracting(UnitReport::user, UnitReport::unexpected)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("user1", false),
                        org.assertj.core.groups.Tuple.tuple("user2", false),
                        org.assertj.core.groups.Tuple.tuple("user3", false),
                        org.assertj.core.groups.Tuple.tuple("user4", true));
        assertThat(report.units().get(1).circus())
                .isEqualTo(
                        new CircusFinding.Failed(
                                new Failure(
                                        Reason.COMMAND,
                                        "circus_user2_host1.service is not installed on host1")));
        assertThat(report.expectation(report.units().get(2))).as("user3's").isEmpty();
    }

    /** A host that cannot be asked still carries what the homes expect on it. */
    @Test
    void aHostThatFailsStillCarriesItsExpectedUnits() throws IOException {
        Path ini = writeIni("user1", "host1", "[circus]\n");
        Inventory inventory =
                Inventory.of(
                        List.of("user1"),
                        Map.of("host1", List.of(new Instance("user1", "host1", ini))));
        HostReport report =
                probeHost1(
                        prober(new Homes(root + "/{user}/circus"), CircusIni::endpoint, inventory),
                        Optional.empty(),
                        HostProbe.Ask.STATUS,
                        Deadline.after(Duration.ZERO));
        assertThat(report.up()).isFalse();
        ExpectedUnit user1 = new ExpectedUnit("user1", "circus_user1_host1.service", ini);
        assertThat(report.expected()).containsExactly(user1);
        assertThat(report.presence(user1)).isEqualTo(ExpectedUnit.Presence.UNKNOWN);
    }

    private static String inactiveUnit(String user, String unitFileState) {
        return "User="
                + user
                + "\nId=circus_"
                + user
                + "_host1.service\nLoadState=loaded\nActiveState=inactive\n"
                + "SubState=dead\nFragmentPath=/etc/systemd/system/circus_"
                + user
                + "_host1.service\nUnitFileState="
                + unitFileState
                + "\n";
    }
}
