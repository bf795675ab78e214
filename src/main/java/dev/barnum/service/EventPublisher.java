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
 * SSH session threads that receive the events). A watcher's state change is published at once,
 * unless the last publication was less than {@link #STATE_CHANGE_MILLIS} ago (then when that time
 * is up); counters alone within {@link #COUNTERS_MILLIS}. So a lone stop shows as soon as the
 * fleet's series are rendered again, and a flood of events (a fleet of flapping watchers) renders
 * them a few times a second at most, not once per event.
 */
@ApplicationScoped
public class EventPublisher {

    private static final org.jboss.logging.Logger LOG =
            org.jboss.logging.Logger.getLogger(EventPublisher.class);

    static final long STATE_CHANGE_MILLIS = 250;
    static final long COUNTERS_MILLIS = 5_000;

    private final FleetEvents events;
    private final SnapshotStore store;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Daemons.named("barnum-events"));
    private final AtomicBoolean urgent = new AtomicBoolean();
    private final AtomicBoolean counters = new AtomicBoolean();
    private volatile long lastPublished = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

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
                long since = System.nanoTime() - lastPublished;
                long wait = Math.max(0, TimeUnit.MILLISECONDS.toNanos(STATE_CHANGE_MILLIS) - since);
                thread.schedule(this::publish, wait, TimeUnit.NANOSECONDS);
            }
        } else if (counters.compareAndSet(false, true)) {
            thread.schedule(this::publish, COUNTERS_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Never lets a failure pass silently: a scheduled task's exception (an OutOfMemoryError while
     * rendering the fleet's series, say) would otherwise vanish with it, and the snapshot would
     * stop following events without a word.
     */
    private void publish() {
        boolean any = urgent.getAndSet(false) | counters.getAndSet(false);
        if (!any) {
            return;
        }
        try {
            store.update(events::apply);
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "what circus's events told could not be published: %s", e);
        } finally {
            lastPublished = System.nanoTime();
        }
    }

    @PreDestroy
    void close() {
        thread.shutdownNow();
    }
}
