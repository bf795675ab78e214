package dev.barnum.metrics;

import dev.barnum.circus.WatcherState;
import dev.barnum.config.BarnumConfig.StateEncoding;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;

/**
 * Pure: the exposition of one snapshot, family by family, in the registry's own form. A sample of
 * what it becomes:
 *
 * <pre>
 * barnum_host_up{host="host1",} 1.0
 * barnum_unit_state{host="host1",state="active",unit="circus_user1_host1.service",user="user1",} 1.0
 * barnum_unit_state{host="host1",state="failed",unit="circus_user1_host1.service",user="user1",} 0.0
 * barnum_watcher_state{host="host1",state="active",user="user1",watcher="web",} 1.0
 * barnum_watcher_processes{host="host1",user="user1",watcher="web",} 3.0
 * barnum_host_poll_failures_total{host="host1",reason="timeout",} 0.0
 * </pre>
 *
 * Label names are in alphabetical order, as Micrometer writes its own tags.
 */
final class FleetRows {

    static final List<String> UNIT_STATES =
            List.of("active", "activating", "deactivating", "inactive", "failed");
    static final List<String> WATCHER_STATES =
            List.of("active", "starting", "stopping", "stopped", "unknown");

    private static final String FROM_LAST_POLL = " (from the last poll)";
    private static final List<String> HOST = List.of("host");
    private static final List<String> HOST_REASON = List.of("host", "reason");
    private static final List<String> HOST_USER = List.of("host", "user");
    private static final List<String> UNIT = List.of("host", "unit", "user");
    private static final List<String> UNIT_STATE = List.of("host", "state", "unit", "user");
    private static final List<String> WATCHER = List.of("host", "user", "watcher");
    private static final List<String> WATCHER_STATE = List.of("host", "state", "user", "watcher");

    private final FleetSnapshot snapshot;
    private final StateEncoding encoding;

    FleetRows(FleetSnapshot snapshot, StateEncoding encoding) {
        this.snapshot = snapshot;
        this.encoding = encoding;
    }

    /** Every family Barnum derives from a snapshot (everything but the command counters). */
    List<MetricFamilySamples> families() {
        return List.of(
                gauge(
                        "barnum_host_up",
                        "1 if the last poll of the host succeeded, else 0",
                        hostUp()),
                gauge(
                        "barnum_host_poll_duration_seconds",
                        "Time the last poll of the host took",
                        hostPollDuration()),
                gauge(
                        "barnum_host_last_success_timestamp_seconds",
                        "End of the last successful poll of the host, in seconds since the epoch",
                        hostLastSuccess()),
                counter(
                        "barnum_host_poll_failures",
                        "Polls of the host that failed, by reason",
                        hostPollFailures()),
                gauge(
                        "barnum_unit_state",
                        "systemd ActiveState of the circus unit: 1 for the current state (active, activating, deactivating, inactive, failed)",
                        unitState()),
                gauge(
                        "barnum_unit_enabled",
                        "1 if the circus unit's file is enabled, else 0",
                        unitEnabled()),
                gauge("barnum_circusd_up", "1 if the user's circusd answered, else 0", circusdUp()),
                gauge(
                        "barnum_watcher_state",
                        "State of the circus watcher: 1 for the current state (active, starting, stopping, stopped, unknown)",
                        watcherState()),
                gauge(
                        "barnum_watcher_processes",
                        "Number of processes of the circus watcher, where known",
                        watcherProcesses()),
                gauge(
                        "barnum_poll_duration_seconds",
                        "Time the last whole-fleet poll took",
                        List.of(new Row(List.of(), List.of(), snapshot.took().toNanos() / 1e9))));
    }

    /** One sample before its family's name is known. */
    record Row(List<String> labels, List<String> values, double value) {}

    List<Row> hostUp() {
        return perHost(host -> host.up() ? 1 : 0);
    }

    List<Row> hostPollDuration() {
        return perHost(host -> host.took().toNanos() / 1e9);
    }

    List<Row> hostLastSuccess() {
        List<Row> rows = new ArrayList<>();
        for (HostReport host : snapshot.hosts()) {
            Instant at = snapshot.history().lastSuccess().get(host.host());
            if (at != null) {
                rows.add(new Row(HOST, List.of(host.host()), at.toEpochMilli() / 1e3));
            }
        }
        return rows;
    }

    /**
     * Every reason of every host from 0, so that a first failure is an increase Prometheus can see.
     */
    List<Row> hostPollFailures() {
        List<Row> rows = new ArrayList<>();
        for (HostReport host : snapshot.hosts()) {
            for (Reason reason : Reason.values()) {
                rows.add(
                        new Row(
                                HOST_REASON,
                                List.of(host.host(), reason.label()),
                                snapshot.history().failures(host.host(), reason)));
            }
        }
        return rows;
    }

    List<Row> unitState() {
        List<Row> rows = new ArrayList<>();
        forEachUnit(
                (host, unit) ->
                        stateSet(
                                rows,
                                UNIT_STATE,
                                List.of(host.host(), unit.unit(), unit.user()),
                                UNIT_STATES,
                                stateOf(unit.status().activeState())));
        return rows;
    }

    List<Row> unitEnabled() {
        List<Row> rows = new ArrayList<>();
        forEachUnit(
                (host, unit) ->
                        rows.add(
                                new Row(
                                        UNIT,
                                        List.of(host.host(), unit.unit(), unit.user()),
                                        unit.status().enabled() ? 1 : 0)));
        return rows;
    }

    List<Row> circusdUp() {
        List<Row> rows = new ArrayList<>();
        forEachUnit(
                (host, unit) ->
                        rows.add(
                                new Row(
                                        HOST_USER,
                                        List.of(host.host(), unit.user()),
                                        unit.circus().answered() ? 1 : 0)));
        return rows;
    }

    List<Row> watcherState() {
        List<Row> rows = new ArrayList<>();
        forEachUnit(
                (host, unit) -> {
                    if (unit.circus() instanceof CircusFinding.Watchers seen) {
                        seen.watchers()
                                .forEach(
                                        (watcher, state) ->
                                                stateSet(
                                                        rows,
                                                        WATCHER_STATE,
                                                        List.of(host.host(), unit.user(), watcher),
                                                        WATCHER_STATES,
                                                        state.label()));
                    } else {
                        unit.circus()
                                .watcherNames()
                                .forEach(
                                        watcher ->
                                                stateSet(
                                                        rows,
                                                        WATCHER_STATE,
                                                        List.of(host.host(), unit.user(), watcher),
                                                        WATCHER_STATES,
                                                        WatcherState.UNKNOWN.label()));
                    }
                });
        return rows;
    }

    List<Row> watcherProcesses() {
        List<Row> rows = new ArrayList<>();
        forEachUnit(
                (host, unit) -> {
                    if (unit.circus() instanceof CircusFinding.Watchers seen) {
                        for (Map.Entry<String, Integer> count : seen.processes().entrySet()) {
                            rows.add(
                                    new Row(
                                            WATCHER,
                                            List.of(host.host(), unit.user(), count.getKey()),
                                            count.getValue()));
                        }
                    }
                });
        return rows;
    }

    /**
     * The state-set's label value for a unit; reloading is a running unit, unknown has no state.
     */
    private static String stateOf(ActiveState state) {
        return switch (state) {
            case RELOADING -> "active";
            case UNKNOWN -> null;
            default -> state.label();
        };
    }

    /** The rows of a state-set; {@code state} is the second label, after {@code host}. */
    private void stateSet(
            List<Row> rows,
            List<String> labels,
            List<String> values,
            List<String> states,
            String current) {
        for (String state : states) {
            boolean isCurrent = state.equals(current);
            if (isCurrent || encoding == StateEncoding.FULL) {
                List<String> withState = new ArrayList<>(values.size() + 1);
                withState.add(values.get(0));
                withState.add(state);
                withState.addAll(values.subList(1, values.size()));
                rows.add(new Row(labels, withState, isCurrent ? 1 : 0));
            }
        }
    }

    private List<Row> perHost(ToDoubleFunction<HostReport> value) {
        return snapshot.hosts().stream()
                .map(h -> new Row(HOST, List.of(h.host()), value.applyAsDouble(h)))
                .toList();
    }

    private void forEachUnit(BiConsumer<HostReport, UnitReport> action) {
        snapshot.hosts().forEach(host -> host.units().forEach(unit -> action.accept(host, unit)));
    }

    private static MetricFamilySamples gauge(String name, String help, List<Row> rows) {
        return family(name, name, Type.GAUGE, help, rows);
    }

    private static MetricFamilySamples counter(String name, String help, List<Row> rows) {
        return family(name, name + "_total", Type.COUNTER, help, rows);
    }

    private static MetricFamilySamples family(
            String name, String sampleName, Type type, String help, List<Row> rows) {
        List<MetricFamilySamples.Sample> samples = new ArrayList<>(rows.size());
        for (Row row : rows) {
            samples.add(
                    new MetricFamilySamples.Sample(
                            sampleName, row.labels(), row.values(), row.value()));
        }
        return new MetricFamilySamples(name, type, help + FROM_LAST_POLL, samples);
    }
}
