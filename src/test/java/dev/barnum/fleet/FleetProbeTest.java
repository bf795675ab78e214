package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestConfig;
import dev.barnum.bailey.Trace;
import dev.barnum.discovery.Inventory;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.remote.ShellException;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.testfleet.FleetSpec;
import dev.barnum.testfleet.Reply;
import dev.barnum.testfleet.TestFleet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A whole-fleet probe over real SSH where some hosts are dead, silent or slow: the others never
 * wait for them. What each host's shell was asked, with which timeout, and how it ended is recorded
 * in order, so that the test judges that order and the deadlines it set, never how long anything
 * took.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(60)
class FleetProbeTest {

    private static final String INI = "[circus]\nendpoint = tcp://127.0.0.1:5555\n";
    private static final String STATUS =
            "{\"status\": \"ok\", \"time\": 1795574713.110371, \"statuses\": {\"web\": \"active\"}, \"id\": \"x\"}\n";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(4);
    private static final List<String> FAST = List.of("fast1", "fast2");

    /** What the probe's shells did, in the order it happened. */
    private static final List<Event> events = new CopyOnWriteArrayList<>();

    private static TestFleet fleet;
    private static Fleet barnum;

    /**
     * A command that began on a host with the timeout it was given, or that ended: answered
     * (without a reason) or failed (with one).
     */
    private record Event(String host, boolean began, Duration timeout, Optional<Reason> failure) {
        static Event began(String host, Duration timeout) {
            return new Event(host, true, timeout, Optional.empty());
        }

        static Event ended(String host, Optional<Reason> failure) {
            return new Event(host, false, null, failure);
        }

        boolean timedOut() {
            return failure.equals(Optional.of(Reason.TIMEOUT));
        }
    }

    /** A host's shell that records each command's beginning and end. */
    private record Recorded(String host, Shell shell) implements Shell {
        @Override
        public ExecResult run(List<String> argv, Duration timeout) throws ShellException {
            events.add(Event.began(host, timeout));
            try {
                ExecResult result = shell.run(argv, timeout);
                events.add(Event.ended(host, Optional.empty()));
                return result;
            } catch (ShellException e) {
                events.add(Event.ended(host, Optional.of(e.reason())));
                throw e;
            }
        }

        @Override
        public String describe(List<String> argv) {
            return shell.describe(argv);
        }

        @Override
        public void close() {
            shell.close();
        }
    }

    @BeforeAll
    static void start() {
        FleetSpec builder = TestFleet.builder().users("user1");
        for (String host : List.of("fast1", "fast2", "slow", "hole", "gone")) {
            builder.circusIni("user1", host, INI);
        }
        fleet =
                builder.host(
                                "fast1",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://127.0.0.1:5555",
                                                        e -> e.reply("--json status", STATUS)))
                        .host(
                                "fast2",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://127.0.0.1:5555",
                                                        e -> e.reply("--json status", STATUS)))
                        .host(
                                "slow",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://127.0.0.1:5555",
                                                        e ->
                                                                e.reply(
                                                                        "--json status",
                                                                        Reply.of(STATUS)
                                                                                .delayed(
                                                                                        Duration
                                                                                                .ofSeconds(
                                                                                                        30)))))
                        .blackholeHost("hole")
                        .refusedHost("gone")
                        .start();
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.connect-timeout", CONNECT_TIMEOUT.toSeconds() + "s");
        config.put("barnum.ssh.command-timeout", COMMAND_TIMEOUT.toSeconds() + "s");
        barnum =
                new Fleet(TestConfig.barnum(config), Clock.systemUTC()) {
                    @Override
                    public Shell shell(String host) {
                        return new Recorded(host, super.shell(host));
                    }
                };
    }

    @AfterAll
    static void stop() {
        barnum.close();
        fleet.close();
    }

    @Test
    void badHostsAreReportedWithTheirReasonAndDelayNobody() {
        Inventory inventory = barnum.inventory();
        List<String> hosts = List.copyOf(inventory.hosts().keySet());
        FleetSnapshot snapshot =
                barnum.probe(
                        hosts,
                        inventory,
                        Optional.empty(),
                        dev.barnum.bailey.HostProbe.Ask.STATUS,
                        Trace.NONE);
        Map<String, HostReport> byHost = new HashMap<>();
        snapshot.hosts().forEach(h -> byHost.put(h.host(), h));

        for (String fast : FAST) {
            HostReport report = byHost.get(fast);
            assertThat(report.up()).isTrue();
            assertThat(report.units())
                    .singleElement()
                    .satisfies(
                            u ->
                                    assertThat(u.circus())
                                            .isEqualTo(
                                                    new CircusFinding.Watchers(
                                                            "tcp://127.0.0.1:5555",
                                                            new java.util.TreeMap<>(
                                                                    Map.of(
                                                                            "web",
                                                                            dev.barnum.circus
                                                                                    .WatcherState
                                                                                    .ACTIVE)))));
        }
        assertThat(byHost.get("hole").failure())
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(byHost.get("gone").failure())
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.REFUSED));
        HostReport slow = byHost.get("slow");
        assertThat(slow.up()).as("the host answered; only its circusctl hung").isTrue();
        assertThat(slow.units())
                .singleElement()
                .satisfies(
                        u ->
                                assertThat(u.circus())
                                        .isInstanceOfSatisfying(
                                                CircusFinding.Failed.class,
                                                f ->
                                                        assertThat(f.failure().reason())
                                                                .isEqualTo(Reason.TIMEOUT)));
        assertThat(snapshot.problem()).isTrue();

        // no command was given more than the command timeout this test set
        assertThat(events)
                .filteredOn(Event::began)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.timeout()).isLessThanOrEqualTo(COMMAND_TIMEOUT));
        int firstTimeout = 0;
        while (!events.get(firstTimeout).timedOut()) {
            firstTimeout++;
        }
        List<Event> beforeTimeout = events.subList(0, firstTimeout);
        // the bad hosts' deadlines ran side by side: every host's probe began before the first of
        // them gave up, so the poll costs one deadline, not their sum
        for (String host : hosts) {
            assertThat(beforeTimeout)
                    .as("%s began before a bad host gave up", host)
                    .filteredOn(e -> e.host().equals(host) && e.began())
                    .first()
                    .as("%s's first command has the whole command timeout", host)
                    .returns(COMMAND_TIMEOUT, Event::timeout);
        }
        // and the good hosts never waited for them: each command of theirs was answered before
        for (String fast : FAST) {
            assertThat(events.subList(firstTimeout, events.size()))
                    .as("%s's commands after a bad host gave up", fast)
                    .noneMatch(e -> e.host().equals(fast));
            List<Event> mine = beforeTimeout.stream().filter(e -> e.host().equals(fast)).toList();
            assertThat(mine.stream().filter(Event::began).count())
                    .as("%s's commands, each answered", fast)
                    .isPositive()
                    .isEqualTo(
                            mine.stream().filter(e -> !e.began() && e.failure().isEmpty()).count());
        }
    }
}
