package dev.barnum.service;

import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.Trace;
import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;
import dev.barnum.discovery.Inventory;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.FleetEvents;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.SnapshotMerger;
import dev.barnum.state.SnapshotStore;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Polls the whole fleet and publishes each result. Started only by {@code serve}: on a schedule of
 * {@code barnum.poll.interval}; a tick that finds a poll still running is skipped, not queued.
 */
@ApplicationScoped
public class Poller {

    private static final Logger LOG = Logger.getLogger(Poller.class);

    private final Fleet fleet;
    private final FleetEvents events;
    private final EventPublisher publisher;
    private final SnapshotStore store;
    private final BarnumConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong skipped = new AtomicLong();

    /** Why the last poll could not read the fleet's configuration; null when it could. */
    private volatile String unreadable;

    private final Scheduler scheduler;
    private boolean started;

    @Inject
    public Poller(
            Fleet fleet,
            FleetEvents events,
            EventPublisher publisher,
            SnapshotStore store,
            BarnumConfig config,
            Scheduler scheduler) {
        this.fleet = fleet;
        this.events = events;
        this.publisher = publisher;
        this.store = store;
        this.scheduler = scheduler;
        this.config = config;
    }

    /**
     * Polls now, in the calling thread, unless a poll is already running.
     *
     * @return false when skipped because another poll was running
     */
    public boolean pollOnce() {
        if (!running.compareAndSet(false, true)) {
            skipped.incrementAndGet();
            return false;
        }
        try {
            Inventory inventory;
            FleetSnapshot probed;
            try {
                inventory = fleet.shard().of(fleet.inventory());
                probed =
                        fleet.probe(
                                List.copyOf(inventory.hosts().keySet()),
                                inventory,
                                Optional.empty(),
                                HostProbe.Ask.STATUS_AND_PROCESSES,
                                Trace.NONE);
            } catch (BadInputException e) {
                if (!e.getMessage().equals(unreadable)) {
                    LOG.errorf(
                            "polls skipped until the fleet's configuration can be read: %s",
                            e.getMessage());
                }
                unreadable = e.getMessage();
                return true;
            }
            if (unreadable != null) {
                LOG.infof("the fleet's configuration can be read again: polling");
                unreadable = null;
            }
            FleetSnapshot merged = SnapshotMerger.next(store.latest(), probed);
            // subscriptions first, so that the snapshot says which circusds' events are live
            events.sync(merged);
            fleet.retainChannels(probed);
            store.publish(merged, events::apply);
            LOG.debugf(
                    "poll done: %d hosts in %d ms",
                    probed.hosts().size(), probed.took().toMillis());
            return true;
        } finally {
            running.set(false);
        }
    }

    /**
     * Polls at once, then every {@code barnum.poll.interval}, on Quarkus's scheduler: a tick that
     * finds the previous poll still running is skipped (counted, and logged), never queued.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        publisher.start();
        scheduler
                .newJob("barnum-poll")
                .setInterval(config.poll().interval().toMillis() + "ms")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setSkipPredicate(execution -> stillRunning())
                .setTask(execution -> pollOnce())
                .schedule();
        scheduler.resume();
        LOG.infof("polling the fleet every %s", config.poll().interval());
    }

    private boolean stillRunning() {
        if (!running.get()) {
            return false;
        }
        skipped.incrementAndGet();
        LOG.warnf(
                "poll tick skipped: the previous poll is still running (poll interval %s)",
                config.poll().interval());
        return true;
    }

    /**
     * Why the last poll could not read the users file or the homes (and so polled nothing); empty
     * when it could.
     */
    public Optional<String> unreadableConfiguration() {
        return Optional.ofNullable(unreadable);
    }

    /** Ticks that found a poll still running. */
    public long skipped() {
        return skipped.get();
    }
}
