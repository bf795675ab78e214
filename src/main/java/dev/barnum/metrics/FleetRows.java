package dev.barnum.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.barnum.bailey.CircusFinding;
import dev.barnum.bailey.HostReport;
import dev.barnum.bailey.UnitReport;
import dev.barnum.circus.WatcherState;
import dev.barnum.config.BarnumConfig.StateEncoding;
import dev.barnum.fleet.FleetSnapshot;
import dev.barnum.systemd.ActiveState;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;

/**
 * Pure: the gauge rows of one snapshot, metric by metric. A sample of what they become:
 *
 * <pre>
 * barnum_host_up{host="host1"} 1.0
 * barnum_unit_state{host="host1",state="active",unit="circus_user1_host1.service",user="user1"} 1.0
 * barnum_unit_state{host="host1",state="failed",unit="circus_user1_host1.service",user="user1"} 0.0
 * barnum_watcher_state{host="host1",state="active",user="user1",watcher="web"} 1.0
 * barnum_watcher_processes{host="host1",user="user1",watcher="web"} 3.0
 * </pre>
 */
final class FleetRows {

    static final List<String> UNIT_STATES = List.of("active", "activating", "deactivating", "inactive", "failed");
    static final List<String> WATCHER_STATES = List.of("active", "starting", "stopping", "stopped", "unknown");

    private final FleetSnapshot snapshot;
    private final StateEncoding encoding;

    FleetRows(FleetSnapshot snapshot, StateEncoding encoding) {
        this.snapshot = snapshot;
        this.encoding = encoding;
    }

    List<Row<?>> hostUp() {
        return perHost(host -> host.up() ? 1 : 0);
    }

    List<Row<?>> hostPollDuration() {
        return perHost(host -> host.took().toNanos() / 1e9);
    }

    List<Row<?>> hostLastSuccess() {
        List<Row<?>> rows = new ArrayList<>();
        for (HostReport host : snapshot.hosts()) {
            Instant at = snapshot.history().lastSuccess().get(host.host());
            if (at != null) {
                rows.add(Row.of(Tags.of("host", host.host()), at.toEpochMilli() / 1e3));
            }
        }
        return rows;
    }

    List<Row<?>> pollDuration() {
        return List.of(Row.of(Tags.empty(), snapshot.took().toNanos() / 1e9));
    }

    List<Row<?>> unitState() {
        List<Row<?>> rows = new ArrayList<>();
        forEachUnit((host, unit) -> stateSet(rows, unitTags(host, unit), UNIT_STATES, stateOf(unit.status().activeState())));
        return rows;
    }

    List<Row<?>> unitEnabled() {
        List<Row<?>> rows = new ArrayList<>();
        forEachUnit((host, unit) -> rows.add(Row.of(unitTags(host, unit), unit.status().enabled() ? 1 : 0)));
        return rows;
    }

    List<Row<?>> circusdUp() {
        List<Row<?>> rows = new ArrayList<>();
        forEachUnit((host, unit) -> rows.add(Row.of(Tags.of("host", host.host(), "user", unit.user()),
                unit.circus() instanceof CircusFinding.Watchers || unit.circus() instanceof CircusFinding.Output ? 1 : 0)));
        return rows;
    }

    List<Row<?>> watcherState() {
        List<Row<?>> rows = new ArrayList<>();
        forEachUnit((host, unit) -> {
            if (unit.circus() instanceof CircusFinding.Watchers seen) {
                seen.watchers().forEach((watcher, state) -> stateSet(rows, watcherTags(host, unit, watcher), WATCHER_STATES,
                        state.label()));
            } else {
                unit.circus().watcherNames().forEach(watcher -> stateSet(rows, watcherTags(host, unit, watcher), WATCHER_STATES,
                        WatcherState.UNKNOWN.label()));
            }
        });
        return rows;
    }

    List<Row<?>> watcherProcesses() {
        List<Row<?>> rows = new ArrayList<>();
        forEachUnit((host, unit) -> {
            if (unit.circus() instanceof CircusFinding.Watchers seen) {
                for (Map.Entry<String, Integer> count : seen.processes().entrySet()) {
                    rows.add(Row.of(watcherTags(host, unit, count.getKey()), count.getValue()));
                }
            }
        });
        return rows;
    }

    /** The state-set's label value for a unit; reloading is a running unit, unknown has no state. */
    private static String stateOf(ActiveState state) {
        return switch (state) {
            case RELOADING -> "active";
            case UNKNOWN -> null;
            default -> state.label();
        };
    }

    private void stateSet(List<Row<?>> rows, Tags tags, List<String> states, String current) {
        for (String state : states) {
            boolean isCurrent = state.equals(current);
            if (isCurrent || encoding == StateEncoding.FULL) {
                rows.add(Row.of(tags.and("state", state), isCurrent ? 1 : 0));
            }
        }
    }

    private static Tags unitTags(HostReport host, UnitReport unit) {
        return Tags.of("host", host.host(), "user", unit.user(), "unit", unit.unit());
    }

    private static Tags watcherTags(HostReport host, UnitReport unit, String watcher) {
        return Tags.of("host", host.host(), "user", unit.user(), "watcher", watcher);
    }

    private List<Row<?>> perHost(java.util.function.ToDoubleFunction<HostReport> value) {
        return snapshot.hosts().stream().<Row<?>>map(h -> Row.of(Tags.of("host", h.host()), value.applyAsDouble(h))).toList();
    }

    private void forEachUnit(java.util.function.BiConsumer<HostReport, UnitReport> action) {
        snapshot.hosts().forEach(host -> host.units().forEach(unit -> action.accept(host, unit)));
    }
}
