package dev.barnum.state;

import dev.barnum.circus.ExitOutcome;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What circusds' published events told since Barnum started: each watcher's process exits by
 * outcome and spawns (counters: they survive polls and reset only when Barnum restarts), and
 * whether each running circusd's event subscription is live.
 */
public record EventCounts(
        SortedMap<WatcherKey, Counts> watchers, SortedMap<PairKey, Boolean> subscriptions) {

    public static final EventCounts NONE =
            new EventCounts(Collections.emptySortedMap(), Collections.emptySortedMap());

    public EventCounts {
        watchers = Collections.unmodifiableSortedMap(new TreeMap<>(watchers));
        subscriptions = Collections.unmodifiableSortedMap(new TreeMap<>(subscriptions));
    }

    /** One watcher of one circusd. */
    public record WatcherKey(String host, String user, String watcher)
            implements Comparable<WatcherKey> {
        @Override
        public int compareTo(WatcherKey o) {
            int c = host.compareTo(o.host);
            c = c != 0 ? c : user.compareTo(o.user);
            return c != 0 ? c : watcher.compareTo(o.watcher);
        }
    }

    /** One circusd: a user's on a host. */
    public record PairKey(String host, String user) implements Comparable<PairKey> {
        @Override
        public int compareTo(PairKey o) {
            int c = host.compareTo(o.host);
            return c != 0 ? c : user.compareTo(o.user);
        }
    }

    /** One watcher's processes: how many were spawned, how many exited by outcome. */
    public record Counts(long spawns, Map<ExitOutcome, Long> exits) {

        public static final Counts ZERO = new Counts(0, Map.of());

        public Counts {
            EnumMap<ExitOutcome, Long> all = new EnumMap<>(ExitOutcome.class);
            for (ExitOutcome outcome : ExitOutcome.values()) {
                all.put(outcome, exits.getOrDefault(outcome, 0L));
            }
            exits = Collections.unmodifiableMap(all);
        }

        public long exits(ExitOutcome outcome) {
            return exits.get(outcome);
        }
    }

    /**
     * A watcher's counts; zero when nothing was told of it. Circus names a watcher in lower case in
     * its events' topics, so names match whatever their case.
     */
    public Counts of(String host, String user, String watcher) {
        return watchers.getOrDefault(
                new WatcherKey(host, user, watcher.toLowerCase(java.util.Locale.ROOT)),
                Counts.ZERO);
    }

    /** Whether circus's events told of any process of this watcher since Barnum started. */
    public boolean told(String host, String user, String watcher) {
        return watchers.containsKey(
                new WatcherKey(host, user, watcher.toLowerCase(java.util.Locale.ROOT)));
    }

    /** Whether the events of {@code user}'s circusd on {@code host} reach Barnum now. */
    public boolean live(String host, String user) {
        return subscriptions.getOrDefault(new PairKey(host, user), false);
    }
}
