package dev.barnum.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.barnum.bailey.HostReport;
import dev.barnum.commands.CommandPolicy;
import dev.barnum.commands.CommandService;
import dev.barnum.commands.Outcome;
import dev.barnum.config.BarnumConfig;
import dev.barnum.fleet.FleetSnapshot;
import dev.barnum.remote.Reason;
import dev.barnum.service.SnapshotStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;

/**
 * The fleet's Prometheus gauges, re-registered from each published snapshot so that what left the
 * fleet leaves {@code /q/metrics} too. Gauges hold values, not callbacks: a scrape reads the last
 * poll and never waits for one.
 */
@ApplicationScoped
public class FleetMetrics {

    private static final String FROM_LAST_POLL = " (from the last poll)";

    private final MeterRegistry registry;
    private final SnapshotStore store;
    private final BarnumConfig.StateEncoding encoding;
    private final MultiGauge hostUp;
    private final MultiGauge hostPollDuration;
    private final MultiGauge hostLastSuccess;
    private final MultiGauge unitState;
    private final MultiGauge unitEnabled;
    private final MultiGauge circusdUp;
    private final MultiGauge watcherState;
    private final MultiGauge watcherProcesses;
    private final MultiGauge pollDuration;
    private final Map<String, List<FunctionCounter>> failures = new HashMap<>();

    @Inject
    public FleetMetrics(MeterRegistry registry, SnapshotStore store, BarnumConfig config) {
        this.registry = registry;
        this.store = store;
        this.encoding = config.metrics().stateEncoding();
        hostUp = gauge("barnum.host.up", null, "1 if the last poll of the host succeeded, else 0");
        hostPollDuration = gauge("barnum.host.poll.duration", "seconds", "Time the last poll of the host took");
        hostLastSuccess = gauge("barnum.host.last.success.timestamp", "seconds",
                "End of the last successful poll of the host, in seconds since the epoch");
        unitState = gauge("barnum.unit.state", null,
                "systemd ActiveState of the circus unit: 1 for the current state (active, activating, deactivating, inactive, failed)");
        unitEnabled = gauge("barnum.unit.enabled", null, "1 if the circus unit's file is enabled, else 0");
        circusdUp = gauge("barnum.circusd.up", null, "1 if the user's circusd answered, else 0");
        watcherState = gauge("barnum.watcher.state", null,
                "State of the circus watcher: 1 for the current state (active, starting, stopping, stopped, unknown)");
        watcherProcesses = gauge("barnum.watcher.processes", null, "Number of processes of the circus watcher, where known");
        pollDuration = gauge("barnum.poll.duration", "seconds", "Time the last whole-fleet poll took");
        // every allowed action and outcome from 0, so that a first command is an increase Prometheus can see
        for (String action : new CommandPolicy(config.commands().allowed()).allowed()) {
            for (Outcome outcome : Outcome.values()) {
                CommandService.counter(registry, action, outcome);
            }
        }
    }

    private MultiGauge gauge(String name, String unit, String help) {
        return MultiGauge.builder(name).description(help + FROM_LAST_POLL).baseUnit(unit).register(registry);
    }

    void onSnapshot(@Observes FleetSnapshot snapshot) {
        FleetRows rows = new FleetRows(snapshot, encoding);
        hostUp.register(rows.hostUp(), true);
        hostPollDuration.register(rows.hostPollDuration(), true);
        hostLastSuccess.register(rows.hostLastSuccess(), true);
        unitState.register(rows.unitState(), true);
        unitEnabled.register(rows.unitEnabled(), true);
        circusdUp.register(rows.circusdUp(), true);
        watcherState.register(rows.watcherState(), true);
        watcherProcesses.register(rows.watcherProcesses(), true);
        pollDuration.register(rows.pollDuration(), true);
        failureCounters(snapshot.hosts().stream().map(HostReport::host).collect(Collectors.toSet()));
    }

    /** One counter per host and reason, from 0, so that a first failure is an increase Prometheus can see. */
    private synchronized void failureCounters(Set<String> hosts) {
        for (String gone : new ArrayList<>(failures.keySet())) {
            if (!hosts.contains(gone)) {
                failures.remove(gone).forEach(registry::remove);
            }
        }
        for (String host : hosts) {
            failures.computeIfAbsent(host, h -> {
                List<FunctionCounter> counters = new ArrayList<>();
                for (Reason reason : Reason.values()) {
                    counters.add(FunctionCounter.builder("barnum.host.poll.failures", store,
                            s -> s.latest().map(f -> (double) f.history().failures(h, reason)).orElse(0.0))
                            .tags("host", h, "reason", reason.label())
                            .description("Polls of the host that failed, by reason" + FROM_LAST_POLL)
                            .register(registry));
                }
                return counters;
            });
        }
    }
}
