package dev.barnum.metrics;

import dev.barnum.circus.ExitOutcome;
import dev.barnum.circus.WatcherState;
import dev.barnum.config.BarnumConfig.StateEncoding;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.EventCounts;
import dev.barnum.state.ExpectedUnit;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: the fleet's series of one snapshot, family by family, as client_java's immutable {@link
 * MetricSnapshots}. A sample of what they become:
 *
 * <pre>
 * barnum_host_up{host="host1"} 1.0
 * barnum_unit_state{host="host1",state="active",unit="circus_user1_host1.service",user="user1"} 1.0
 * barnum_unit_state{host="host1",state="failed",unit="circus_user1_host1.service",user="user1"} 0.0
 * barnum_watcher_state{host="host1",state="active",user="user1",watcher="web"} 1.0
 * barnum_watcher_processes{host="host1",user="user1",watcher="web"} 3.0
 * barnum_host_poll_failures_total{host="host1",reason="timeout"} 0.0
 * barnum_expected_unit_present{host="host1",user="user2"} 0.0
 * </pre>
 *
 * Each label set is made once per host, unit and watcher and merged with the few fixed ones ({@code
 * state}, {@code reason}): making and checking a label set is most of the cost of a large fleet's
 * exposition.
 */
final class FleetRows {

    static final List<String> UNIT_STATES =
            List.of("active", "activating", "deactivating", "inactive", "failed");
    static final List<String> WATCHER_STATES =
            List.of("active", "starting", "stopping", "stopped", "unknown");

    private static final Map<String, Labels> STATE = fixed("state", UNIT_STATES, WATCHER_STATES);
    private static final Map<String, Labels> OUTCOME =
            fixed(
                    "outcome",
                    java.util.Arrays.stream(ExitOutcome.values()).map(ExitOutcome::label).toList(),
                    List.of());
    private static final Map<String, Labels> REASON =
            fixed(
                    "reason",
                    java.util.Arrays.stream(Reason.values()).map(Reason::label).toList(),
                    List.of());

    private final FleetSnapshot snapshot;
    private final StateEncoding encoding;
    private final Map<String, Labels> watcherNames = new HashMap<>();

    FleetRows(FleetSnapshot snapshot, StateEncoding encoding) {
        this.snapshot = snapshot;
        this.encoding = encoding;
    }

    /** Every family Barnum derives from a snapshot (everything but the command counters). */
    MetricSnapshots families() {
        FleetFamilies out = new FleetFamilies();
        for (HostReport host : snapshot.hosts()) {
            Labels hostLabels = Labels.of("host", host.host());
            out.hostUp.add(hostLabels, host.up() ? 1 : 0);
            out.hostPollDuration.add(hostLabels, host.took().toNanos() / 1e9);
            if (host.up()) {
                out.circusProtocol.add(
                        hostLabels,
                        host.transport() == dev.barnum.config.BarnumConfig.Transport.DIRECT
                                ? 1
                                : 0);
            }
            Instant at = snapshot.history().lastSuccess().get(host.host());
            if (at != null) {
                out.hostLastSuccess.add(hostLabels, at.toEpochMilli() / 1e3);
            }
            // every reason from 0, so that a first failure is an increase Prometheus can see
            for (Reason reason : Reason.values()) {
                out.hostPollFailures.add(
                        hostLabels.merge(REASON.get(reason.label())),
                        snapshot.history().failures(host.host(), reason));
            }
            // every pair the homes expect, whether or not the host answered
            for (ExpectedUnit expected : host.expected()) {
                out.expectedPresent.add(
                        Labels.of("host", host.host(), "user", expected.user()),
                        host.presence(expected) == ExpectedUnit.Presence.PRESENT ? 1 : 0);
            }
            for (UnitReport unit : host.units()) {
                // a unit systemd does not know has no state: the expected series tells of it
                if (unit.status().loaded()) {
                    unit(out, host, unit);
                }
            }
        }
        out.pollDuration.add(Labels.EMPTY, snapshot.took().toNanos() / 1e9);
        return out.snapshots();
    }

    private void unit(FleetFamilies out, HostReport host, UnitReport unit) {
        Labels unitLabels =
                Labels.of("host", host.host(), "unit", unit.unit(), "user", unit.user());
        stateSet(out.unitState, unitLabels, UNIT_STATES, stateOf(unit.status().activeState()));
        out.unitEnabled.add(unitLabels, unit.status().enabled() ? 1 : 0);
        Labels userLabels = Labels.of("host", host.host(), "user", unit.user());
        out.circusdUp.add(userLabels, unit.circus().answered() ? 1 : 0);
        if (unit.circus().answered()) {
            out.eventsUp.add(userLabels, snapshot.events().live(host.host(), unit.user()) ? 1 : 0);
        }
        // the watchers whose processes events told of, each outcome from 0 from then on: five
        // series
        // for each of a fleet's tens of thousands of watchers would double the exposition, and
        // with it every render and its memory
        for (String watcher : unit.circus().watcherNames()) {
            if (!snapshot.events().told(host.host(), unit.user(), watcher)) {
                continue;
            }
            Labels watcherLabels = userLabels.merge(watcher(watcher));
            EventCounts.Counts counts = snapshot.events().of(host.host(), unit.user(), watcher);
            out.spawns.add(watcherLabels, counts.spawns());
            for (ExitOutcome outcome : ExitOutcome.values()) {
                out.exits.add(
                        watcherLabels.merge(OUTCOME.get(outcome.label())), counts.exits(outcome));
            }
        }
        if (unit.circus() instanceof CircusFinding.Watchers seen) {
            seen.watchers()
                    .forEach(
                            (watcher, state) ->
                                    stateSet(
                                            out.watcherState,
                                            userLabels.merge(watcher(watcher)),
                                            WATCHER_STATES,
                                            state.label()));
            seen.processes()
                    .forEach(
                            (watcher, count) ->
                                    out.watcherProcesses.add(
                                            userLabels.merge(watcher(watcher)), count));
        } else {
            unit.circus()
                    .watcherNames()
                    .forEach(
                            watcher ->
                                    stateSet(
                                            out.watcherState,
                                            userLabels.merge(watcher(watcher)),
                                            WATCHER_STATES,
                                            WatcherState.UNKNOWN.label()));
        }
    }

    /** {@code watcher="NAME"}, made once per name and snapshot: names repeat across the fleet. */
    private Labels watcher(String name) {
        return watcherNames.computeIfAbsent(name, n -> Labels.of("watcher", n));
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

    /** The samples of a state-set: every state, or only the current one. */
    private void stateSet(
            FleetFamilies.Gauge family, Labels labels, List<String> states, String current) {
        for (String state : states) {
            boolean isCurrent = state.equals(current);
            if (isCurrent || encoding == StateEncoding.FULL) {
                family.add(labels.merge(STATE.get(state)), isCurrent ? 1 : 0);
            }
        }
    }

    /** {@code name="VALUE"} for each value, made once. */
    private static Map<String, Labels> fixed(String name, List<String> values, List<String> more) {
        Map<String, Labels> labels = new HashMap<>();
        for (List<String> some : List.of(values, more)) {
            some.forEach(value -> labels.putIfAbsent(value, Labels.of(name, value)));
        }
        return Map.copyOf(labels);
    }
}
