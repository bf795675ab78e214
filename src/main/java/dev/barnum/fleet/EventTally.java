package dev.barnum.fleet;

import dev.barnum.circus.CircusEvent;
import dev.barnum.circus.ExitOutcome;
import dev.barnum.circus.ProcessExits;
import dev.barnum.circus.WatcherState;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.EventCounts;
import dev.barnum.state.EventCounts.PairKey;
import dev.barnum.state.EventCounts.WatcherKey;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What circusds' events told, as they arrive: counters per watcher, which subscriptions are live,
 * and the watcher states that {@code start} and {@code stop} changed since the last poll. Fed by
 * the SSH sessions' reader threads, one subscription's events in order; never blocks them (a few
 * map updates per event). {@link #apply} lays all of it over a snapshot.
 */
public final class EventTally {

    /** A watcher state an event set, and when it arrived. */
    private record Change(WatcherState state, Instant at) {}

    private final Map<WatcherKey, AtomicLong[]> counts = new ConcurrentHashMap<>();
    private final Map<PairKey, Boolean> live = new ConcurrentHashMap<>();
    private final Map<PairKey, ProcessExits> exits = new ConcurrentHashMap<>();
    private final Map<WatcherKey, Change> changes = new ConcurrentHashMap<>();
    private final Map<PairKey, Set<String>> named = new ConcurrentHashMap<>();
    private final Clock clock;

    public EventTally(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one event of {@code user}'s circusd on {@code host}.
     *
     * @return whether it changed a watcher's state (the snapshot should follow at once)
     */
    public boolean record(String host, String user, CircusEvent event) {
        WatcherKey watcher = new WatcherKey(host, user, event.watcher().toLowerCase(Locale.ROOT));
        PairKey pair = new PairKey(host, user);
        if (!within(pair, watcher.watcher())) {
            return false;
        }
        ProcessExits told = exits.computeIfAbsent(pair, k -> new ProcessExits());
        switch (event.kind()) {
            case SPAWN -> counter(watcher)[0].incrementAndGet();
            case START -> {
                changes.put(watcher, new Change(WatcherState.ACTIVE, clock.instant()));
                return true;
            }
            case STOP -> {
                changes.put(watcher, new Change(WatcherState.STOPPED, clock.instant()));
                return true;
            }
            default -> {}
        }
        told.next(event)
                .ifPresent(outcome -> counter(watcher)[1 + outcome.ordinal()].incrementAndGet());
        return false;
    }

    /**
     * Whether a circusd's events may name this watcher: the topics are the host's to choose, so at
     * most {@link #WATCHERS_PER_CIRCUSD} names are kept per circusd; events of any further name are
     * dropped (the poll still sees those watchers).
     */
    private boolean within(PairKey pair, String watcher) {
        Set<String> names = named.computeIfAbsent(pair, k -> ConcurrentHashMap.newKeySet());
        if (names.contains(watcher)) {
            return true;
        }
        synchronized (names) {
            if (names.size() >= WATCHERS_PER_CIRCUSD) {
                return false;
            }
            names.add(watcher);
            return true;
        }
    }

    /** The most watcher names Barnum keeps counts and states of, per circusd. */
    static final int WATCHERS_PER_CIRCUSD = 1024;

    private AtomicLong[] counter(WatcherKey watcher) {
        return counts.computeIfAbsent(
                watcher,
                k -> {
                    AtomicLong[] all = new AtomicLong[1 + ExitOutcome.values().length];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = new AtomicLong();
                    }
                    return all;
                });
    }

    /** Whether the events of {@code user}'s circusd on {@code host} reach Barnum now. */
    public void live(String host, String user, boolean subscribed) {
        live.put(new PairKey(host, user), subscribed);
    }

    /** Forgets a circusd no longer running or watched (its counters stay). */
    public void forget(String host, String user) {
        live.remove(new PairKey(host, user));
        exits.remove(new PairKey(host, user));
    }

    /** The counters and subscriptions until now. */
    public EventCounts counts() {
        SortedMap<WatcherKey, EventCounts.Counts> watchers = new TreeMap<>();
        counts.forEach(
                (key, values) -> {
                    EnumMap<ExitOutcome, Long> byOutcome = new EnumMap<>(ExitOutcome.class);
                    for (ExitOutcome outcome : ExitOutcome.values()) {
                        byOutcome.put(outcome, values[1 + outcome.ordinal()].get());
                    }
                    watchers.put(key, new EventCounts.Counts(values[0].get(), byOutcome));
                });
        return new EventCounts(watchers, new TreeMap<>(live));
    }

    /**
     * {@code snapshot} with what the events told: the counters, and each watcher state an event set
     * after its host was last probed (older changes are dropped: the poll saw later).
     */
    public FleetSnapshot apply(FleetSnapshot snapshot) {
        List<HostReport> hosts = new ArrayList<>(snapshot.hosts().size());
        for (HostReport host : snapshot.hosts()) {
            hosts.add(changed(host));
        }
        return snapshot.withHosts(hosts).withEvents(counts());
    }

    private HostReport changed(HostReport host) {
        List<UnitReport> units = new ArrayList<>(host.units().size());
        boolean any = false;
        for (UnitReport unit : host.units()) {
            if (unit.circus() instanceof CircusFinding.Watchers seen) {
                SortedMap<String, WatcherState> states = new TreeMap<>(seen.watchers());
                boolean changedHere = false;
                for (Map.Entry<String, WatcherState> watcher : seen.watchers().entrySet()) {
                    WatcherKey key =
                            new WatcherKey(
                                    host.host(),
                                    unit.user(),
                                    watcher.getKey().toLowerCase(Locale.ROOT));
                    Change change = changes.get(key);
                    if (change == null) {
                        continue;
                    }
                    if (change.at().isBefore(host.started())) {
                        changes.remove(key, change);
                    } else if (change.state() != watcher.getValue()) {
                        states.put(watcher.getKey(), change.state());
                        changedHere = true;
                    }
                }
                if (changedHere) {
                    unit =
                            unit.withCircus(
                                    new CircusFinding.Watchers(
                                            seen.endpoint(), states, seen.processes()));
                    any = true;
                }
            }
            units.add(unit);
        }
        return any ? host.withUnits(units) : host;
    }
}
