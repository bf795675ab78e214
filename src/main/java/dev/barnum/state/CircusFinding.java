package dev.barnum.state;

import dev.barnum.circus.WatcherState;
import dev.barnum.remote.ExecResult;
import java.util.SortedMap;

/** What Barnum learnt of the circusd behind one unit. */
public sealed interface CircusFinding {

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

        public Watchers(String endpoint, SortedMap<String, WatcherState> watchers) {
            this(endpoint, watchers, java.util.Collections.emptySortedMap());
        }

        @Override
        public java.util.SortedSet<String> watcherNames() {
            return java.util.Collections.unmodifiableSortedSet(
                    new java.util.TreeSet<>(watchers.keySet()));
        }

        @Override
        public boolean problem() {
            return false;
        }
    }

    /** A circus command given by the operator ran; its output, verbatim. */
    record Output(String endpoint, ExecResult result) implements CircusFinding {
        @Override
        public boolean problem() {
            return !result.ok();
        }
    }

    /** The unit is active but its circusd did not answer within circusctl's timeout. */
    record NotAnswering(String endpoint) implements CircusFinding {
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
        public boolean problem() {
            return true;
        }
    }
}
