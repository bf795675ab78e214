package dev.barnum.metrics;

import dev.barnum.config.BarnumConfig;
import dev.barnum.state.FleetSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The fleet's series in {@code /q/metrics}: rendered once from each published snapshot, in the
 * publishing (poll) thread, into {@link FleetExposition}, which every scrape appends as a whole.
 * Not a Micrometer gauge per series: a poll of a large fleet would remove and re-add every one of
 * them, a scrape running meanwhile would see half of them, and each scrape would format tens of
 * thousands of samples again. The command counters are the command path's own (CommandService).
 */
@ApplicationScoped
public class FleetMetrics {

    private final BarnumConfig.StateEncoding encoding;
    private final FleetExposition exposition;

    @Inject
    public FleetMetrics(FleetExposition exposition, BarnumConfig config) {
        this.encoding = config.metrics().stateEncoding();
        this.exposition = exposition;
    }

    void onSnapshot(@Observes FleetSnapshot snapshot) {
        exposition.publish(new FleetRows(snapshot, encoding).families());
    }
}
