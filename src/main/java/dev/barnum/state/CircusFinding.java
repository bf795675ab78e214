package dev.barnum.state;

import dev.barnum.circus.WatcherState;
import java.util.SortedMap;

/**
 * What Barnum learnt of the circusd behind one unit. Surfaces render it through {@link #match}: a
 * new kind of finding adds a method to {@link Cases} and so breaks every renderer at compile time,
 * instead of falling through a chain of {@code instanceof}.
 */
public sealed interface CircusFinding {

    /** One answer per kind of finding. */
    interface Cases<R> {
        R notExpected(NotExpected finding);

        R watchers(Watchers finding);

        R notAnswering(NotAnswering finding);

        R hostUnreachable(HostUnreachable finding);

        R failed(Failed finding);
    }

    /** Whether circusd answered with its watchers: {@code barnum_circusd_up}. */
    default boolean answered() {
        return match(
                new Cases<>() {
                    @Override
                    public Boolean notExpected(NotExpected f) {
                        return false;
                    }

                    @Override
                    public Boolean watchers(Watchers f) {
                        return true;
                    }

                    @Override
                    public Boolean notAnswering(NotAnswering f) {
                        return false;
                    }

                    @Override
                    public Boolean hostUnreachable(HostUnreachable f) {
                        return false;
                    }

                    @Override
                    public Boolean failed(Failed f) {
                        return false;
                    }
                });
    }

    /**
     * The control endpoint of the circusd this finding is about, when it was asked (answering or
     * not).
     */
    default java.util.Optional<String> askedAt() {
        return java.util.Optional.empty();
    }

    /** The answer of {@code cases} for this kind of finding. */
    <R> R match(Cases<R> cases);

    /** Whether this finding means a command failed or circus could not be asked. */
    boolean problem();

    /**
     * The watchers this finding knows of: those circus reported, or those last seen on a host now
     * down.
     */
    default java.util.SortedSet<String> watcherNames() {
        return java.util.Collections.emptySortedSet();
    }

    /** The unit is not running, so no circusd is expected to answer. */
    record NotExpected() implements CircusFinding {

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notExpected(this);
        }

        @Override
        public boolean problem() {
            return false;
        }
    }

    /**
     * circusd answered {@code status}: every watcher and its state, sorted as circusctl sorts them,
     * and the number of processes of the watchers whose count is known.
     */
    record Watchers(
            String endpoint,
            SortedMap<String, WatcherState> watchers,
            SortedMap<String, Integer> processes)
            implements CircusFinding {

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.watchers(this);
        }

        public Watchers(String endpoint, SortedMap<String, WatcherState> watchers) {
            this(endpoint, watchers, java.util.Collections.emptySortedMap());
        }

        @Override
        public java.util.SortedSet<String> watcherNames() {
            return java.util.Collections.unmodifiableSortedSet(
                    new java.util.TreeSet<>(watchers.keySet()));
        }

        @Override
        public java.util.Optional<String> askedAt() {
            return java.util.Optional.of(endpoint);
        }

        @Override
        public boolean problem() {
            return false;
        }
    }

    /** The unit is active but its circusd did not answer within circusctl's timeout. */
    record NotAnswering(String endpoint) implements CircusFinding {

        @Override
        public java.util.Optional<String> askedAt() {
            return java.util.Optional.of(endpoint);
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notAnswering(this);
        }

        @Override
        public boolean problem() {
            return true;
        }
    }

    /**
     * The host could not be reached this time: the watchers it had when last seen, now of unknown
     * state. Keeps the inventory visible while its host is down.
     */
    record HostUnreachable(java.util.SortedSet<String> watchers) implements CircusFinding {

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.hostUnreachable(this);
        }

        @Override
        public boolean problem() {
            return true;
        }

        @Override
        public java.util.SortedSet<String> watcherNames() {
            return watchers;
        }
    }

    /** circus could not be asked, or answered with an error. */
    record Failed(Failure failure) implements CircusFinding {

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.failed(this);
        }

        @Override
        public boolean problem() {
            return true;
        }
    }
}
