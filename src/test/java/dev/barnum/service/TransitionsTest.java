package dev.barnum.service;

import static dev.barnum.TestUnits.watchers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestUnits;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.Failure;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    private static UnitReport unit(String user, String host, CircusFinding circus) {
        return TestUnits.unit(user, host, "enabled", ActiveState.ACTIVE, "running", circus);
    }

    private static HostReport up(String host, UnitReport... units) {
        return new HostReport(host, T0, Duration.ofMillis(5), Optional.empty(), List.of(units));
    }

    private static HostReport down(String host, Reason reason, String message) {
        return HostReport.failed(host, T0, Duration.ofMillis(5), new Failure(reason, message));
    }

    private static FleetSnapshot snapshot(HostReport... hosts) {
        return new FleetSnapshot(T0, Duration.ofMillis(9), List.of(hosts));
    }

    private static List<String> lines(Optional<FleetSnapshot> before, FleetSnapshot after) {
        return Transitions.between(before, after).stream()
                .map(l -> (l.warning() ? "WARN " : "INFO ") + l.text())
                .toList();
    }

    private final FleetSnapshot steady =
            snapshot(
                    up("host1", unit("user1", "host1", watchers("web", "active", "db", "active"))),
                    up("host2", unit("user1", "host2", watchers("web", "active"))));

    @Test
    void theFirstSnapshotSaysWhatIsWrongAndOneSummary() {
        FleetSnapshot first =
                snapshot(
                        up(
                                "host1",
                                unit(
                                        "user2",
                                        "host1",
                                        new CircusFinding.NotAnswering("tcp://127.0.0.1:5599"))),
                        down("host4", Reason.REFUSED, "host4: Connection refused"));

        assertThat(lines(Optional.empty(), first))
                .containsExactly(
                        "INFO first poll: 2 hosts, 1 reachable, 1 circus unit",
                        "WARN circusd of user2@host1 does not answer at tcp://127.0.0.1:5599",
                        "WARN host4 unreachable (refused): host4: Connection refused");
    }

    @Test
    void nothingChangedNothingSaid() {
        assertThat(lines(Optional.of(steady), steady)).isEmpty();
    }

    @Test
    void aHostThatGoesAwayAndComesBackIsSaidOnceEach() {
        FleetSnapshot gone =
                snapshot(
                        up(
                                "host1",
                                unit("user1", "host1", watchers("web", "active", "db", "active"))),
                        down("host2", Reason.TIMEOUT, "host2: no answer within 30000 ms"));
        FleetSnapshot stillGone =
                snapshot(
                        up(
                                "host1",
                                unit("user1", "host1", watchers("web", "active", "db", "active"))),
                        down(
                                "host2",
                                Reason.TIMEOUT,
                                "host2: no answer within 30000 ms\nsecond line"));
        FleetSnapshot otherReason =
                snapshot(
                        up(
                                "host1",
                                unit("user1", "host1", watchers("web", "active", "db", "active"))),
                        down("host2", Reason.AUTH, "host2: Auth fail"));

        assertThat(lines(Optional.of(steady), gone))
                .containsExactly(
                        "WARN host2 unreachable (timeout): host2: no answer within 30000 ms");
        assertThat(lines(Optional.of(gone), stillGone)).isEmpty();
        assertThat(lines(Optional.of(stillGone), otherReason))
                .containsExactly("WARN host2 still unreachable, now (auth): host2: Auth fail");
        assertThat(lines(Optional.of(otherReason), steady))
                .containsExactly("INFO host2 reachable again");
    }

    @Test
    void aCircusdThatStopsAnsweringAndAWatcherThatChanges() {
        FleetSnapshot changed =
                snapshot(
                        up(
                                "host1",
                                unit(
                                        "user1",
                                        "host1",
                                        watchers(
                                                "web", "stopped", "db", "active", "cron",
                                                "active"))),
                        up(
                                "host2",
                                unit(
                                        "user1",
                                        "host2",
                                        new CircusFinding.NotAnswering("tcp://127.0.0.1:5555"))));

        assertThat(lines(Optional.of(steady), changed))
                .containsExactly(
                        "INFO watcher cron of user1@host1 appeared: active",
                        "WARN watcher web of user1@host1: active -> stopped",
                        "WARN circusd of user1@host2 does not answer at tcp://127.0.0.1:5555");
        assertThat(lines(Optional.of(changed), steady))
                .containsExactly(
                        "INFO watcher cron of user1@host1 is gone (was active)",
                        "INFO watcher web of user1@host1: stopped -> active",
                        "INFO circusd of user1@host2 answers again");
    }
}
