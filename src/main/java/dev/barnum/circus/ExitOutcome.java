package dev.barnum.circus;

/** How a watcher's process ended, as {@code barnum_watcher_process_exits_total} counts it. */
public enum ExitOutcome {
    /** circus killed it first: a stop, decr or restart. */
    REQUESTED,
    /** It exited 0 on its own. */
    CLEAN,
    /** It exited with a status above 0. */
    ERROR,
    /** A signal ended it, not sent by circus. */
    SIGNAL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
