package dev.barnum.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet's families of one snapshot, each with its name and HELP, filled host by host by {@link
 * FleetRows}, then made into client_java's immutable {@link MetricSnapshots}.
 */
final class FleetFamilies {

    private static final String FROM_LAST_POLL = " (from the last poll)";

    final Gauge hostUp = new Gauge();
    final Gauge hostPollDuration = new Gauge();
    final Gauge hostLastSuccess = new Gauge();
    final Counter hostPollFailures = new Counter();
    final Counter exits = new Counter();
    final Counter spawns = new Counter();
    final Gauge eventsUp = new Gauge();
    final Gauge circusProtocol = new Gauge();
    final Gauge unitState = new Gauge();
    final Gauge unitEnabled = new Gauge();
    final Gauge expectedPresent = new Gauge();
    final Gauge circusdUp = new Gauge();
    final Gauge watcherState = new Gauge();
    final Gauge watcherProcesses = new Gauge();
    final Gauge pollDuration = new Gauge();

    MetricSnapshots snapshots() {
        return MetricSnapshots.of(
                gauge("barnum_host_up", "1 if the last poll of the host succeeded, else 0", hostUp),
                gauge(
                        "barnum_host_poll_duration_seconds",
                        "Time the last poll of the host took",
                        hostPollDuration),
                gauge(
                        "barnum_host_last_success_timestamp_seconds",
                        "End of the last successful poll of the host, in seconds since the epoch",
                        hostLastSuccess),
                counter(
                        "barnum_host_poll_failures",
                        "Polls of the host that failed, by reason",
                        hostPollFailures),
                gauge(
                        "barnum_host_circus_protocol",
                        "1 if the host's circusds are asked over circus's own protocol, 0 if"
                                + " with circusctl (configured, or its sshd refuses to"
                                + " forward)",
                        circusProtocol),
                gauge(
                        "barnum_unit_state",
                        "systemd ActiveState of the circus unit: 1 for the current state (active, activating, deactivating, inactive, failed)",
                        unitState),
                gauge(
                        "barnum_unit_enabled",
                        "1 if the circus unit's file is enabled, else 0",
                        unitEnabled),
                gauge(
                        "barnum_expected_unit_present",
                        "1 if the unit that the user's circus.ini for the host expects is"
                                + " installed, loaded, enabled and, while active, its circusd"
                                + " answers; else 0, also before the host first answered (as"
                                + " last seen while it does not answer)",
                        expectedPresent),
                gauge("barnum_circusd_up", "1 if the user's circusd answered, else 0", circusdUp),
                gauge(
                        "barnum_watcher_state",
                        "State of the circus watcher: 1 for the current state (active, starting, stopping, stopped, unknown)",
                        watcherState),
                gauge(
                        "barnum_watcher_processes",
                        "Number of processes of the circus watcher, where known",
                        watcherProcesses),
                gauge(
                        "barnum_poll_duration_seconds",
                        "Time the last whole-fleet poll took",
                        pollDuration),
                fromEvents(
                        "barnum_watcher_process_exits",
                        "Exits of the watcher's processes since Barnum started, as circus's"
                                + " events told them, by outcome: requested (circus killed"
                                + " it), clean (exit 0), error (exit above 0), signal",
                        exits),
                fromEvents(
                        "barnum_watcher_process_spawns",
                        "Processes of the watcher spawned since Barnum started, as circus's"
                                + " events told them",
                        spawns),
                new GaugeSnapshot(
                        new MetricMetadata(
                                "barnum_circus_events_up",
                                "1 if the events of the user's circusd reach Barnum now, else"
                                        + " 0"),
                        eventsUp.points));
    }

    /** One gauge's samples as they are found. */
    static final class Gauge {
        final List<GaugeDataPointSnapshot> points = new ArrayList<>();

        void add(Labels labels, double value) {
            points.add(new GaugeDataPointSnapshot(value, labels, null));
        }
    }

    /** One counter's samples as they are found. */
    static final class Counter {
        final List<CounterDataPointSnapshot> points = new ArrayList<>();

        void add(Labels labels, double value) {
            points.add(new CounterDataPointSnapshot(value, labels, null, 0));
        }
    }

    private static MetricSnapshot gauge(String name, String help, Gauge gauge) {
        return new GaugeSnapshot(metadata(name, help), gauge.points);
    }

    /** A counter's samples are {@code name_total}, as the exposition writers name them. */
    private static MetricSnapshot counter(String name, String help, Counter counter) {
        return new CounterSnapshot(metadata(name, help), counter.points);
    }

    /** A counter of events since Barnum started (not of the last poll). */
    private static MetricSnapshot fromEvents(String name, String help, Counter counter) {
        return new CounterSnapshot(new MetricMetadata(name, help), counter.points);
    }

    private static MetricMetadata metadata(String name, String help) {
        return new MetricMetadata(name, help + FROM_LAST_POLL);
    }
}
