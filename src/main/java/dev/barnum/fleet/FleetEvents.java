package dev.barnum.fleet;

import dev.barnum.circus.CircusIni;
import dev.barnum.circus.Endpoint;
import dev.barnum.circus.wire.EventChannel;
import dev.barnum.config.BarnumConfig;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.EventCounts.PairKey;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Live events: one subscription ({@link EventChannel}, {@code watcher.}) per running circusd that
 * answered the last poll, on its host's polls' SSH session, to its circus.ini's {@code
 * pubsub_endpoint}; what they tell goes to the {@link EventTally}. Kept in step with each poll by
 * {@link #sync}: a subscription whose circusd stopped, left the fleet or whose host went down is
 * ended; a missing or ended one is opened again.
 */
@ApplicationScoped
public class FleetEvents {

    private static final Logger LOG = Logger.getLogger(FleetEvents.class);

    private final Fleet fleet;
    private final EventTally tally;
    private final Duration timeout;
    private final Map<PairKey, EventChannel> subscriptions = new ConcurrentHashMap<>();
    private volatile Consumer<Boolean> changed = urgent -> {};

    @Inject
    public FleetEvents(Fleet fleet, BarnumConfig config, Clock clock) {
        this.fleet = fleet;
        this.tally = new EventTally(clock);
        this.timeout = config.circus().timeout();
    }

    /**
     * Who is told when an event arrived: {@code true} when it changed a watcher's state (publish
     * soon), {@code false} for counters alone.
     */
    public void onChange(Consumer<Boolean> listener) {
        this.changed = listener;
    }

    /** {@code snapshot} with what the events told (see {@link EventTally#apply}). */
    public FleetSnapshot apply(FleetSnapshot snapshot) {
        return tally.apply(snapshot);
    }

    /**
     * After a poll: ends the subscriptions of circusds that no longer answered, opens the missing
     * ones (all hosts at once, in the calling thread's wait).
     */
    public void sync(FleetSnapshot polled) {
        if (!fleet.direct()) {
            return;
        }
        Map<String, List<UnitReport>> wanted = new TreeMap<>();
        Set<PairKey> keep = ConcurrentHashMap.newKeySet();
        for (HostReport host : polled.hosts()) {
            if (!host.up() || fleet.refusesForwarding(host.host())) {
                continue;
            }
            for (UnitReport unit : host.units()) {
                if (unit.circus() instanceof CircusFinding.Watchers && !unit.user().isEmpty()) {
                    PairKey key = new PairKey(host.host(), unit.user());
                    keep.add(key);
                    EventChannel open = subscriptions.get(key);
                    if (open == null || !open.live()) {
                        wanted.computeIfAbsent(host.host(), h -> new ArrayList<>()).add(unit);
                    }
                }
            }
        }
        subscriptions.forEach(
                (key, channel) -> {
                    if (!keep.contains(key)) {
                        subscriptions.remove(key, channel);
                        channel.close();
                        tally.forget(key.host(), key.user());
                    }
                });
        fleet.eachHost(
                List.copyOf(wanted.keySet()),
                (host, shell) -> wanted.get(host).forEach(unit -> subscribe(host, shell, unit)));
    }

    private void subscribe(String host, dev.barnum.remote.Shell shell, UnitReport unit) {
        PairKey key = new PairKey(host, unit.user());
        try {
            Endpoint pubsub =
                    CircusIni.endpoints(
                                    fleet.homes().ini(unit.user(), host),
                                    fleet.homes().home(unit.user()))
                            .pubsub();
            if (!pubsub.resolved()) {
                tally.live(host, unit.user(), false);
                return;
            }
            EventChannel channel =
                    EventChannel.open(
                            inbound -> shell.link(pubsub.target(), inbound, timeout),
                            timeout,
                            event -> changed.accept(tally.record(host, unit.user(), event)),
                            why -> ended(key, why));
            EventChannel previous = subscriptions.put(key, channel);
            if (previous != null && previous != channel) {
                previous.close();
            }
            tally.live(host, unit.user(), true);
        } catch (Exception e) { // a user's circus.ini or circusd fails this pair alone
            tally.live(host, unit.user(), false);
            LOG.debugf("no events from %s@%s: %s", unit.user(), host, e.getMessage());
        }
    }

    private void ended(PairKey key, String why) {
        EventChannel channel = subscriptions.get(key);
        if (channel != null && !channel.live()) {
            subscriptions.remove(key, channel);
        }
        tally.live(key.host(), key.user(), false);
        LOG.debugf("events of %s@%s ended: %s", key.user(), key.host(), why);
        changed.accept(false);
    }

    /** The live subscriptions (for tests and the benchmark). */
    public int live() {
        return (int) subscriptions.values().stream().filter(EventChannel::live).count();
    }

    @PreDestroy
    void close() {
        subscriptions.values().forEach(EventChannel::close);
        subscriptions.clear();
    }
}
