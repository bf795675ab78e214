package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestConfig;
import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.Trace;
import dev.barnum.circus.WatcherState;
import dev.barnum.discovery.Inventory;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.remote.ShellException;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.testfleet.FleetSpec;
import dev.barnum.testfleet.Reply;
import dev.barnum.testfleet.TestFleet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whole-fleet probes over real sshds where one host misbehaves in a way a network or a machine
 * really does: it never speaks SSH, it stalls once logged in, it freezes, its sshd dies
 * mid-command, its host key changes between polls, its circusd answers garbage. Each time the bad
 * host is reported with its reason within its own deadline, and the good hosts beside it answer as
 * usual.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(120)
class FleetFaultTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);

    /** A host's deadline in these probes. */
    private static final Duration DEADLINE = CONNECT_TIMEOUT.plus(COMMAND_TIMEOUT);

    /**
     * Generous on a busy machine, yet far below what a hang or the sum of several deadlines would
     * cost.
     */
    private static final Duration MARGIN = DEADLINE;

    private static final String INI1 = "[circus]\nendpoint = tcp://127.0.0.1:5555\n";
    private static final String INI2 = "[circus]\nendpoint = tcp://127.0.0.1:5556\n";
    private static final String STATUS =
            "{\"status\": \"ok\", \"time\": 1795574713.110371, \"statuses\": {\"web\": \"active\"}, \"id\": \"x\"}\n";
    private static final CircusFinding WEB_ACTIVE =
            new CircusFinding.Watchers(
                    "tcp://127.0.0.1:5555", new TreeMap<>(Map.of("web", WatcherState.ACTIVE)));
    private static final List<String> GOOD = List.of("good1", "good2");

    private static TestFleet fleet;
    private static Fleet barnum;

    @BeforeAll
    static void start() {
        FleetSpec builder = TestFleet.builder().users("user1", "user2");
        for (String host : List.of("good1", "good2", "stalled", "frozen", "dying", "rekeyed")) {
            builder.circusIni("user1", host, INI1)
                    .host(
                            host,
                            h ->
                                    h.unit("user1", "enabled", "active", "running")
                                            .endpoint(
                                                    "tcp://127.0.0.1:5555",
                                                    e -> e.reply("--json status", STATUS)));
        }
        // two circusds: user1's answers garbage, user2's answers properly
        builder.circusIni("user1", "garbled", INI1)
                .circusIni("user2", "garbled", INI2)
                .host(
                        "garbled",
                        h ->
                                h.unit("user1", "enabled", "active", "running")
                                        .unit("user2", "enabled", "active", "running")
                                        .endpoint(
                                                "tcp://127.0.0.1:5555",
                                                e ->
                                                        e.reply(
                                                                "--json status",
                                                                "{\"status\": \"ok\", \"statuses\": {\"web\": \"act\u0000\ufffd\nTraceback (most recent call last):\n"))
                                        .endpoint(
                                                "tcp://127.0.0.1:5556",
                                                e -> e.reply("--json status", STATUS)));
        builder.circusIni("user1", "hole", INI1).blackholeHost("hole");
        // its circusd answers after 2 s: a command that outlives the polls' session
        builder.host(
                "lagging",
                h ->
                        h.endpoint(
                                "tcp://127.0.0.1:5555",
                                e ->
                                        e.reply(
                                                "--json status",
                                                Reply.of(STATUS).delayed(Duration.ofSeconds(2)))));
        fleet = builder.start();
        fleet.setShim("stalled", "systemctl", "#!/bin/sh\nexec sleep 600\n");
        // says when it runs, so that the test can kill the host's sshd right then
        fleet.setShim(
                "dying",
                "systemctl",
                "#!/bin/sh\necho \"systemctl $*\" >> '@STATE_DIR@/calls.log'\nexec sleep 600\n");

        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.connect-timeout", CONNECT_TIMEOUT.toSeconds() + "s");
        config.put("barnum.ssh.command-timeout", COMMAND_TIMEOUT.toSeconds() + "s");
        barnum = TestConfig.fleet(config);
        assertThat(barnum.hostDeadline()).isEqualTo(DEADLINE);
    }

    @AfterAll
    static void stop() {
        if (barnum != null) {
            barnum.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aHostThatAcceptsTcpButNeverSpeaksSshIsATimeout() {
        Map<String, HostReport> reports = probeWithinDeadline("hole");
        assertFailed(reports.get("hole"), Reason.TIMEOUT);
    }

    @Test
    void aHostThatStallsOnceLoggedInIsATimeout() {
        Map<String, HostReport> reports = probeWithinDeadline("stalled");
        assertFailed(reports.get("stalled"), Reason.TIMEOUT);
        assertThat(reports.get("stalled").failure().get().message())
                .contains("did not finish within " + COMMAND_TIMEOUT.toMillis() + " ms");
    }

    /** Its session, kept from the first poll, stays up: only the answers stop. */
    @Test
    void aHostThatFreezesBetweenPollsIsATimeout() {
        assertThat(probeWithinDeadline("frozen").get("frozen").up()).isTrue();
        fleet.freezeHost("frozen");
        Map<String, HostReport> reports = probeWithinDeadline("frozen");
        assertFailed(reports.get("frozen"), Reason.TIMEOUT);
    }

    @Test
    void aHostWhoseSshdDiesMidCommandIsALostConnectionNotAHang() throws Exception {
        fleet.clearCalls("dying");
        CompletableFuture<FleetSnapshot> probe =
                CompletableFuture.supplyAsync(() -> probe("dying"));
        awaitCall("dying", "systemctl");
        fleet.stopHost("dying");
        FleetSnapshot snapshot = probe.get(DEADLINE.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        Map<String, HostReport> reports = byHost(snapshot);
        assertGoodHostsAnswered(reports);
        HostReport dying = reports.get("dying");
        assertFailed(dying, Reason.COMMAND);
        assertThat(dying.failure().get().message())
                .startsWith("dying: the connection was lost before ");
    }

    @Test
    void aHostWhoseKeyChangesBetweenPollsIsRefusedAtTheNextOne() {
        assertThat(probeWithinDeadline("rekeyed").get("rekeyed").up()).isTrue();
        fleet.changeHostKey("rekeyed");
        Map<String, HostReport> reports = probeWithinDeadline("rekeyed");
        assertFailed(reports.get("rekeyed"), Reason.HOSTKEY);
        assertThat(reports.get("rekeyed").failure().get().message())
                .startsWith(
                        "rekeyed: host key CHANGED, refusing to connect ("
                                + fleet.knownHosts()
                                + " holds another key;");
        // and it stays refused: no poll learns the new key
        assertFailed(probeWithinDeadline("rekeyed").get("rekeyed"), Reason.HOSTKEY);
    }

    @Test
    void aCircusdThatAnswersGarbageIsThatUsersFailureOnly() {
        HostReport garbled = probeWithinDeadline("garbled").get("garbled");
        assertThat(garbled.up()).isTrue();
        Map<String, UnitReport> units = new HashMap<>();
        garbled.units().forEach(u -> units.put(u.user(), u));
        assertThat(units).containsOnlyKeys("user1", "user2");
        assertThat(units.get("user1").circus())
                .isInstanceOfSatisfying(
                        CircusFinding.Failed.class,
                        f -> {
                            assertThat(f.failure().reason()).isEqualTo(Reason.PARSE);
                            assertThat(f.failure().message()).contains("tcp://127.0.0.1:5555");
                        });
        assertThat(units.get("user2").circus())
                .isEqualTo(
                        new CircusFinding.Watchers(
                                "tcp://127.0.0.1:5556",
                                new TreeMap<>(Map.of("web", WatcherState.ACTIVE))));
    }

    /** Bad hosts do not add up: several at once cost one deadline, like one. */
    @Test
    void severalBadHostsAtOnceCostOneDeadline() {
        Map<String, HostReport> reports = probeWithinDeadline("hole", "stalled", "garbled");
        assertFailed(reports.get("hole"), Reason.TIMEOUT);
        assertFailed(reports.get("stalled"), Reason.TIMEOUT);
        assertThat(reports.get("garbled").up()).isTrue();
    }

    /**
     * Probes the good hosts and {@code bad} at once; checks that the good ones answered as usual
     * within their deadline, each bad one within its deadline plus the margin, and the whole probe
     * too.
     */
    private static Map<String, HostReport> probeWithinDeadline(String... bad) {
        FleetSnapshot snapshot = probe(bad);
        Map<String, HostReport> reports = byHost(snapshot);
        assertGoodHostsAnswered(reports);
        for (String host : bad) {
            assertThat(reports.get(host).took()).as(host).isLessThan(DEADLINE.plus(MARGIN));
        }
        assertThat(snapshot.took()).isLessThan(DEADLINE.plus(MARGIN));
        return reports;
    }

    /**
     * The fan-out's watchdog closes an overrunning host's polling session; a command running on
     * that host has a session of its own and goes on (and the other way round).
     */
    @Test
    void closingThePollsSessionLeavesARunningCommandAlone() throws Exception {
        String endpoint = "tcp://127.0.0.1:5555";
        List<String> status =
                List.of("circusctl", "--endpoint", endpoint, "--timeout", "1", "--json", "status");
        Shell polls = barnum.shell("lagging");
        assertThat(polls.run(List.of("true"), COMMAND_TIMEOUT).exit()).isZero();
        fleet.clearCalls("lagging");
        java.util.concurrent.CompletableFuture<ExecResult> command =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return barnum.commandShell("lagging").run(status, COMMAND_TIMEOUT);
                            } catch (ShellException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        });
        long until = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (fleet.calls("lagging")
                .isEmpty()) { // the command's channel is open and circusctl runs
            assertThat(System.nanoTime()).as("the command started").isLessThan(until);
            Thread.sleep(10);
        }
        polls.close(); // what the watchdog does to a host that overran its deadline
        assertThat(command.get().stdout()).isEqualTo(STATUS);
    }

    private static FleetSnapshot probe(String... bad) {
        List<String> hosts = new java.util.ArrayList<>(GOOD);
        hosts.addAll(List.of(bad));
        Inventory inventory = barnum.inventory();
        return barnum.probe(hosts, inventory, Optional.empty(), HostProbe.Ask.STATUS, Trace.NONE);
    }

    private static Map<String, HostReport> byHost(FleetSnapshot snapshot) {
        Map<String, HostReport> reports = new HashMap<>();
        snapshot.hosts().forEach(h -> reports.put(h.host(), h));
        return reports;
    }

    private static void assertGoodHostsAnswered(Map<String, HostReport> reports) {
        for (String good : GOOD) {
            HostReport report = reports.get(good);
            assertThat(report.failure()).as(good).isEmpty();
            assertThat(report.units())
                    .as(good)
                    .singleElement()
                    .satisfies(u -> assertThat(u.circus()).isEqualTo(WEB_ACTIVE));
            assertThat(report.took()).as(good).isLessThan(DEADLINE);
        }
    }

    private static void assertFailed(HostReport report, Reason reason) {
        assertThat(report.failure())
                .as(report.host())
                .hasValueSatisfying(
                        f -> {
                            assertThat(f.reason()).as(f.message()).isEqualTo(reason);
                            assertThat(f.message()).startsWith(report.host() + ": ");
                        });
    }

    /** Waits until the host's shims logged a call of {@code program}; never past one deadline. */
    private static void awaitCall(String host, String program) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (fleet.calls(host).stream().noneMatch(c -> c.startsWith(program + " "))) {
            assertThat(System.nanoTime() - end).as("%s never ran %s", host, program).isNegative();
            Thread.sleep(20);
        }
    }
}
