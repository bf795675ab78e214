package dev.barnum.service;

import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.Trace;
import dev.barnum.base.Deadline;
import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;
import dev.barnum.discovery.Inventory;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.FleetEvents;
import dev.barnum.fleet.Stopping;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.SnapshotMerger;
import dev.barnum.state.SnapshotStore;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
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
    private final Stopping stopping;
    private final PollProgress progress;
    private volatile boolean started;

    @Inject
    public Poller(
            Fleet fleet,
            FleetEvents events,
            EventPublisher publisher,
            SnapshotStore store,
            BarnumConfig config,
            Scheduler scheduler,
            Stopping stopping,
            Clock clock) {
        this.fleet = fleet;
        this.events = events;
        this.publisher = publisher;
        this.store = store;
        this.scheduler = scheduler;
        this.config = config;
        this.stopping = stopping;
        this.progress =
                new PollProgress(
                        new PollProgress.Bounds(
                                config.poll().interval(),
                                fleet.hostDeadline(),
                                config.poll().parallelism()),
                        clock,
                        Deadline.Ticker.SYSTEM);
    }

    /**
     * Polls now, in the calling thread, unless a poll is already running or the service is
     * stopping.
     *
     * @return false when skipped because another poll was running, or the service is stopping
     */
    public boolean pollOnce() {
        if (stopping.stopping()) {
            return false;
        }
        if (!running.compareAndSet(false, true)) {
            skipped.incrementAndGet();
            return false;
        }
        progress.started();
        try {
            return poll();
        } finally {
            progress.finished();
            synchronized (running) {
                running.set(false);
                running.notifyAll();
            }
        }
    }

    private boolean poll() {
        Inventory inventory;
        FleetSnapshot probed;
        try {
            inventory = fleet.shard().of(fleet.inventory());
            progress.hosts(inventory.hosts().size());
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
        if (stopping.wasCut()) {
            // its hosts' sessions were closed under it: what it saw is the stop, not the fleet
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
        LOG.debugf("poll done: %d hosts in %d ms", probed.hosts().size(), probed.took().toMillis());
        return true;
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
        progress.scheduled();
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
        if (stopping.stopping()) {
            return true;
        }
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

    /** Whether {@code serve} started polling on a schedule. */
    public boolean started() {
        return started;
    }

    /** When the polls started and ended, and whether one runs now. */
    public PollProgress progress() {
        return progress;
    }

    /**
     * For the service's stop, which refuses the scheduler's ticks and {@link #pollOnce} from now
     * on: liveness no longer expects polls.
     */
    public void stop() {
        progress.stopping();
    }

    /**
     * Waits until no poll runs, or the deadline passes.
     *
     * @return whether none runs
     */
    public boolean awaitIdle(Deadline deadline) {
        synchronized (running) {
            while (running.get() && !deadline.passed()) {
                try {
                    running.wait(deadline.millisLeft());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return !running.get();
        }
    }
}
