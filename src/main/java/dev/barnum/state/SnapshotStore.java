package dev.barnum.state;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest fleet snapshot, published atomically. Reads never wait and never cause a poll; each
 * publication is announced as a CDI event ({@code @Observes FleetSnapshot}) so that gauges and
 * MBeans follow the fleet as it changes.
 */
@ApplicationScoped
public class SnapshotStore {

    private final AtomicReference<FleetSnapshot> latest = new AtomicReference<>();
    private final Event<FleetSnapshot> published;

    @Inject
    public SnapshotStore(Event<FleetSnapshot> published) {
        this.published = published;
    }

    public Optional<FleetSnapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    /**
     * Tells the observers (in the publishing thread, one publication at a time), then replaces the
     * snapshot: whoever sees it as the latest (readiness, REST) finds the metrics and MBeans
     * rendered from it already, never a first scrape still empty.
     */
    public synchronized void publish(FleetSnapshot snapshot) {
        published.fire(snapshot);
        latest.set(snapshot);
    }

    /**
     * Publishes {@code finish} of {@code snapshot}, finished under the same lock as every other
     * publication (what events told meanwhile is laid over it, never lost between the two).
     */
    public synchronized void publish(
            FleetSnapshot snapshot, java.util.function.UnaryOperator<FleetSnapshot> finish) {
        publish(finish.apply(snapshot));
    }

    /**
     * Publishes {@code change} of the current snapshot, when there is one: read and replaced under
     * the same lock as {@link #publish}, so that a change never undoes a publication made
     * meanwhile.
     */
    public synchronized void update(java.util.function.UnaryOperator<FleetSnapshot> change) {
        FleetSnapshot current = latest.get();
        if (current != null) {
            publish(change.apply(current));
        }
    }
}
