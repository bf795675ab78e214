package dev.barnum.service;

import dev.barnum.base.Daemons;
import dev.barnum.fleet.FleetEvents;
import dev.barnum.state.SnapshotStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes what events told between polls as a new snapshot, in a thread of its own (never in the
 * SSH session threads that receive the events). Coalesced: a watcher's state change is published
 * within {@link #STATE_CHANGE_MILLIS}; counters alone within {@link #COUNTERS_MILLIS}, so that a
 * flood of events (a fleet of crash-looping watchers) renders the fleet's series a few times a
 * second at most, not once per event.
 */
@ApplicationScoped
public class EventPublisher {

    static final long STATE_CHANGE_MILLIS = 200;
    static final long COUNTERS_MILLIS = 5_000;

    private final FleetEvents events;
    private final SnapshotStore store;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Daemons.named("barnum-events"));
    private final AtomicBoolean urgent = new AtomicBoolean();
    private final AtomicBoolean counters = new AtomicBoolean();

    @Inject
    public EventPublisher(FleetEvents events, SnapshotStore store) {
        this.events = events;
        this.store = store;
    }

    /** From now on, what events tell is published (serve starts it with the polls). */
    public void start() {
        events.onChange(this::changed);
    }

    private void changed(boolean stateChanged) {
        if (stateChanged) {
            if (urgent.compareAndSet(false, true)) {
                thread.schedule(this::publish, STATE_CHANGE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } else if (counters.compareAndSet(false, true)) {
            thread.schedule(this::publish, COUNTERS_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void publish() {
        boolean any = urgent.getAndSet(false) | counters.getAndSet(false);
        if (any) {
            store.update(events::apply);
        }
    }

    @PreDestroy
    void close() {
        thread.shutdownNow();
    }
}
