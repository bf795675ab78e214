package dev.barnum.state;

import dev.barnum.remote.Reason;
import dev.barnum.systemd.ActiveState;
import dev.barnum.systemd.UnitStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pure: the service's next snapshot from the previous one and a fresh probe. A host that answered
 * is what it said; a host that did not keeps the units and watchers it had when last seen, in an
 * unknown state; a host gone from the homes is gone. History (last success, failure counts)
 * follows.
 */
public final class SnapshotMerger {

    private SnapshotMerger() {}

    public static FleetSnapshot next(Optional<FleetSnapshot> previous, FleetSnapshot probed) {
        PollHistory before = previous.map(FleetSnapshot::history).orElse(PollHistory.NONE);
        Map<String, Instant> lastSuccess = new HashMap<>();
        Map<String, SortedMap<Reason, Long>> failures = new HashMap<>();
        List<HostReport> hosts =
                probed.hosts().stream()
                        .map(
                                report -> {
                                    String host = report.host();
                                    SortedMap<Reason, Long> counts =
                                            new TreeMap<>(
                                                    before.failures()
                                                            .getOrDefault(host, new TreeMap<>()));
                                    Optional.ofNullable(before.lastSuccess().get(host))
                                            .ifPresent(at -> lastSuccess.put(host, at));
                                    if (report.up()) {
                                        lastSuccess.put(host, report.started().plus(report.took()));
                                    } else {
                                        counts.merge(
                                                report.failure().get().reason(), 1L, Long::sum);
                                    }
                                    if (!counts.isEmpty()) {
                                        failures.put(host, counts);
                                    }
                                    return report.up()
                                            ? report
                                            : withLastSeenUnits(
                                                    report, previous.flatMap(p -> p.host(host)));
                                })
                        .toList();
        return new FleetSnapshot(
                probed.at(), probed.took(), hosts, new PollHistory(lastSuccess, failures));
    }

    private static HostReport withLastSeenUnits(HostReport failed, Optional<HostReport> lastSeen) {
        List<UnitReport> units =
                lastSeen.map(HostReport::units).orElse(List.of()).stream()
                        .map(SnapshotMerger::unknown)
                        .toList();
        return failed.withUnits(units);
    }

    private static UnitReport unknown(UnitReport unit) {
        UnitStatus s = unit.status();
        UnitStatus status =
                new UnitStatus(
                        s.id(),
                        s.loadState(),
                        s.unitFileState(),
                        ActiveState.UNKNOWN,
                        "unknown",
                        s.user(),
                        s.fragmentPath());
        return unit.withStatus(status)
                .withCircus(new CircusFinding.HostUnreachable(unit.circus().watcherNames()));
    }
}
