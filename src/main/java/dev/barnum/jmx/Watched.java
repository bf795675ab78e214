package dev.barnum.jmx;

import dev.barnum.circus.WatcherState;
import dev.barnum.state.CircusFinding;
import java.util.Set;

/** The watchers a circus finding knows of, and what it says of one. */
final class Watched {

    private Watched() {}

    /** What circus reported, or what was last seen on a host now down; empty otherwise. */
    static Set<String> names(CircusFinding finding) {
        return finding.watcherNames();
    }

    /** The watcher's state; {@link WatcherState#UNKNOWN} when circus did not say. */
    static WatcherState state(CircusFinding finding, String watcher) {
        if (finding instanceof CircusFinding.Watchers seen) {
            return seen.watchers().getOrDefault(watcher, WatcherState.UNKNOWN);
        }
        return WatcherState.UNKNOWN;
    }

    /** The watcher's number of processes; -1 when not known. */
    static int processes(CircusFinding finding, String watcher) {
        if (finding instanceof CircusFinding.Watchers seen) {
            return seen.processes().getOrDefault(watcher, -1);
        }
        return -1;
    }
}
