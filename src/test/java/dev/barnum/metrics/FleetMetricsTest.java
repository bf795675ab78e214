package dev.barnum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestConfig;
import dev.barnum.circus.WatcherState;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.ExpectedUnit;
import dev.barnum.state.Failure;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.SnapshotMerger;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import dev.barnum.systemd.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The gauges follow the fleet: what leaves the fleet leaves the exposition at the next snapshot.
 */
class FleetMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    private final FleetExposition exposition = new FleetExposition();

    private FleetMetrics metrics(String encoding) {
        return new FleetMetrics(
                exposition, TestConfig.barnum(Map.of("barnum.metrics.state-encoding", encoding)));
    }

    private static HostReport host(String name, String user, String... watchers) {
        TreeMap<String, WatcherState> states = new TreeMap<>();
        for (String watcher : watchers) {
            states.put(watcher, WatcherState.ACTIVE);
        }
        String unit = "circus_" + user + "_" + name + ".service";
        UnitReport report =
                new UnitReport(
                        new UnitStatus(
                                unit, "loaded", "enabled", ActiveState.ACTIVE, "running", user, ""),
                        user,
                        true,
                        new CircusFinding.Watchers("tcp://127.0.0.1:5555", states));
        return new HostReport(name, T0, Duration.ofMillis(10), Optional.empty(), List.of(report));
    }

    /** The fleet's series as {@code /q/metrics} serves them in Prometheus's text format. */
    private String scrape() {
        return exposition.text(FleetExposition.TEXT);
    }

    @Test
    void aHostUserOrWatcherThatLeavesTheFleetLeavesTheMetrics() {
        FleetMetrics metrics = metrics("full");
        metrics.onSnapshot(
                new FleetSnapshot(
                        T0,
                        Duration.ZERO,
                        List.of(
                                host("host1", "user1", "web", "worker"),
                                host("host2", "user2", "api"))));
        assertThat(scrape())
                .contains(
                        "barnum_host_up{host=\"host2\"}",
                        "barnum_circusd_up{host=\"host2\",user=\"user2\"}",
                        "watcher=\"worker\"",
                        "barnum_host_poll_failures_total{host=\"host2\",reason=\"timeout\"} 0.0");

        metrics.onSnapshot(
                new FleetSnapshot(T0, Duration.ZERO, List.of(host("host1", "user1", "web"))));
        String after = scrape();
        assertThat(after)
                .contains(
                        "barnum_watcher_state{host=\"host1\",state=\"active\",user=\"user1\",watcher=\"web\"} 1.0")
                .doesNotContain("host=\"host2\"")
                .doesNotContain("user2")
                .doesNotContain("watcher=\"worker\"");
    }

    /**
     * The homes expect circus of user1 on host1: the series is there from the first poll, when
     * host1 does not answer (Barnum just started: never seen, 0), follows the host's answers (1,
     * then as last seen while it is down), and says 0 when a reboot lost the unit, which then has
     * no unit series of its own, or left it disabled.
     */
    @Test
    void anExpectedPairHasItsSeriesWhetherOrNotItsHostAnswers() {
        FleetMetrics metrics = metrics("full");
        ExpectedUnit expected =
                new ExpectedUnit(
                        "user1",
                        "circus_user1_host1.service",
                        java.nio.file.Path.of("/users/user1/circus/host1/circus.ini"));
        HostReport up = host("host1", "user1", "web").withExpected(List.of(expected));
        HostReport down =
                HostReport.failed(
                                "host1",
                                T0,
                                Duration.ZERO,
                                new Failure(Reason.REFUSED, "host1: Connection refused"))
                        .withExpected(List.of(expected));
        String series = "barnum_expected_unit_present{host=\"host1\",user=\"user1\"} ";
        Optional<FleetSnapshot> last = Optional.empty();
        for (var step :
                List.of(
                        Map.entry(down, "0.0"),
                        Map.entry(up, "1.0"),
                        Map.entry(down, "1.0"),
                        Map.entry(withUnit(up, "not-found", "", ActiveState.INACTIVE), "0.0"),
                        Map.entry(withUnit(up, "loaded", "disabled", ActiveState.INACTIVE), "0.0"),
                        Map.entry(
                                withUnit(up, "loaded", "enabled", ActiveState.INACTIVE), "1.0"))) {
            FleetSnapshot next =
                    SnapshotMerger.next(
                            last, new FleetSnapshot(T0, Duration.ZERO, List.of(step.getKey())));
            metrics.onSnapshot(next);
            assertThat(scrape()).contains(series + step.getValue());
            last = Optional.of(next);
        }
        metrics.onSnapshot(
                new FleetSnapshot(
                        T0,
                        Duration.ZERO,
                        List.of(withUnit(up, "not-found", "", ActiveState.INACTIVE))));
        assertThat(scrape())
                .as("a unit that is not installed has no state")
                .contains(series + "0.0")
                .doesNotContain("barnum_unit_state{")
                .doesNotContain("barnum_circusd_up{");
    }

    /** {@code host}'s one unit, with another load, unit file and active state, circus not asked. */
    private static HostReport withUnit(
            HostReport host, String load, String unitFileState, ActiveState state) {
        UnitReport unit = host.units().get(0);
        UnitStatus s = unit.status();
        return host.withUnits(
                List.of(
                        unit.withStatus(
                                        new UnitStatus(
                                                s.id(),
                                                load,
                                                unitFileState,
                                                state,
                                                "dead",
                                                s.user(),
                                                s.fragmentPath()))
                                .withCircus(new CircusFinding.NotExpected())));
    }

    @Test
    void fullEncodingExportsEveryStateCurrentOnlyTheCurrentOne() {
        metrics("full")
                .onSnapshot(
                        new FleetSnapshot(
                                T0, Duration.ZERO, List.of(host("host1", "user1", "web"))));
        assertThat(scrape().lines().filter(l -> l.startsWith("barnum_watcher_state{"))).hasSize(5);
        assertThat(scrape().lines().filter(l -> l.startsWith("barnum_unit_state{"))).hasSize(5);
    }

    @Test
    void currentEncodingExportsOnlyTheCurrentState() {
        metrics("current")
                .onSnapshot(
                        new FleetSnapshot(
                                T0, Duration.ZERO, List.of(host("host1", "user1", "web"))));
        assertThat(scrape().lines().filter(l -> l.startsWith("barnum_watcher_state{")))
                .containsExactly(
                        "barnum_watcher_state{host=\"host1\",state=\"active\",user=\"user1\",watcher=\"web\"} 1.0");
        assertThat(scrape().lines().filter(l -> l.startsWith("barnum_unit_state{")))
                .containsExactly(
                        "barnum_unit_state{host=\"host1\",state=\"active\",unit=\"circus_user1_host1.service\",user=\"user1\"} 1.0");
    }

    @Test
    void aScrapeNeverMixesTwoPolls() throws InterruptedException {
        FleetMetrics metrics = metrics("full");
        HostReport up = host("host1", "user1", "web");
        // the same host, down: its watchers are kept, in state unknown
        HostReport down =
                new HostReport(
                        "host1",
                        T0,
                        Duration.ofMillis(10),
                        Optional.of(new Failure(Reason.REFUSED, "refused")),
                        List.of(
                                new UnitReport(
                                        up.units().get(0).status(),
                                        "user1",
                                        true,
                                        new CircusFinding.HostUnreachable(
                                                new java.util.TreeSet<>(List.of("web"))))));
        metrics.onSnapshot(new FleetSnapshot(T0, Duration.ZERO, List.of(up)));
        AtomicBoolean stop = new AtomicBoolean();
        Thread poller =
                new Thread(
                        () -> {
                            for (int i = 0; i < 20_000 && !stop.get(); i++) {
                                metrics.onSnapshot(
                                        new FleetSnapshot(
                                                T0,
                                                Duration.ZERO,
                                                List.of(i % 2 == 0 ? down : up)));
                            }
                        });
        poller.start();
        try {
            for (int i = 0; i < 300; i++) {
                String scrape = scrape();
                boolean hostUp = scrape.contains("barnum_host_up{host=\"host1\"} 1.0");
                assertThat(scrape)
                        .as("scrape %d", i)
                        .contains(
                                hostUp
                                        ? "barnum_watcher_state{host=\"host1\",state=\"active\",user=\"user1\",watcher=\"web\"} 1.0"
                                        : "barnum_watcher_state{host=\"host1\",state=\"unknown\",user=\"user1\",watcher=\"web\"} 1.0");
                assertThat(
                                scrape.lines()
                                        .filter(
                                                l ->
                                                        l.startsWith("barnum_watcher_state{")
                                                                && l.endsWith(" 1.0")))
                        .hasSize(1);
            }
        } finally {
            stop.set(true);
            poller.join();
        }
    }

    @Test
    void processEventsAreCountersOfEveryOutcomeFromZeroAndTheSubscriptionIsAGauge() {
        var counts =
                new dev.barnum.state.EventCounts(
                        new java.util.TreeMap<>(
                                Map.of(
                                        new dev.barnum.state.EventCounts.WatcherKey(
                                                "host1", "user1", "web"),
                                        new dev.barnum.state.EventCounts.Counts(
                                                4,
                                                Map.of(
                                                        dev.barnum.circus.ExitOutcome.ERROR,
                                                        3L,
                                                        dev.barnum.circus.ExitOutcome.REQUESTED,
                                                        1L)))),
                        new java.util.TreeMap<>(
                                Map.of(
                                        new dev.barnum.state.EventCounts.PairKey("host1", "user1"),
                                        true)));
        metrics("current")
                .onSnapshot(
                        new FleetSnapshot(
                                        T0,
                                        Duration.ZERO,
                                        List.of(host("host1", "user1", "web", "worker")))
                                .withEvents(counts));
        assertThat(scrape())
                .contains(
                        "barnum_watcher_process_exits_total{host=\"host1\",outcome=\"error\",user=\"user1\",watcher=\"web\"} 3.0",
                        "barnum_watcher_process_exits_total{host=\"host1\",outcome=\"requested\",user=\"user1\",watcher=\"web\"} 1.0",
                        "barnum_watcher_process_exits_total{host=\"host1\",outcome=\"signal\",user=\"user1\",watcher=\"web\"} 0.0",
                        "barnum_watcher_process_spawns_total{host=\"host1\",user=\"user1\",watcher=\"web\"} 4.0",
                        "barnum_circus_events_up{host=\"host1\",user=\"user1\"} 1.0",
                        "# TYPE barnum_watcher_process_exits_total counter");
        // no events told of worker's processes: no exit or spawn series of it
        assertThat(scrape().lines())
                .filteredOn(line -> line.startsWith("barnum_watcher_process_"))
                .hasSize(5)
                .noneMatch(line -> line.contains("watcher=\"worker\""));
    }
}
