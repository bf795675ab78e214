package dev.barnum.metrics;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.barnum.commands.CommandPolicy;
import dev.barnum.commands.CommandService;
import dev.barnum.commands.Outcome;
import dev.barnum.config.BarnumConfig;
import dev.barnum.fleet.FleetSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;

/**
 * The fleet's series in {@code /q/metrics}, rendered once from each published snapshot and swapped
 * in as a whole: a scrape reads one reference, so it never waits for a poll, never mixes two polls
 * (one host's watcher states from before a poll, its host_up from after), and what left the fleet
 * is gone from the next scrape. Registered as one collector in the Prometheus registry behind
 * Micrometer rather than as a gauge per series: a poll of a large fleet would otherwise remove and
 * re-add every series, and a scrape running meanwhile would see half of them.
 */
@ApplicationScoped
public class FleetMetrics {

    private final BarnumConfig.StateEncoding encoding;
    private volatile List<Collector.MetricFamilySamples> families = List.of();

    @Inject
    public FleetMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, BarnumConfig config) {
        this.encoding = config.metrics().stateEncoding();
        new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return families;
            }
        }.register(prometheus.getPrometheusRegistry());
        // every allowed action and outcome from 0, so that a first command is an increase Prometheus can see
        for (String action : new CommandPolicy(config.commands().allowed()).allowed()) {
            for (Outcome outcome : Outcome.values()) {
                CommandService.counter(registry, action, outcome);
            }
        }
    }

    void onSnapshot(@Observes FleetSnapshot snapshot) {
        families = new FleetRows(snapshot, encoding).families();
    }
}
