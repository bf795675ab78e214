package dev.barnum.fleet;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the service is stopping (SIGTERM), in two steps. From {@link #begin()} no poll and no
 * circus command starts, and a rolling command stops before its next batch; what runs may finish.
 * From {@link #cut()}, the grace is over: the SSH sessions are being closed under whatever still
 * runs, and a command that fails from then on was interrupted, not failed.
 */
@ApplicationScoped
public class Stopping {

    /** Why nothing starts any more: the words of refusals, audit lines and stopped commands. */
    public static final String WHY = "the service is stopping";

    private volatile boolean stopping;
    private volatile boolean cut;

    /**
     * @return whether this call began the stop (false when it had begun already)
     */
    public synchronized boolean begin() {
        boolean first = !stopping;
        stopping = true;
        return first;
    }

    /** Whether the service is stopping: nothing new starts. */
    public boolean stopping() {
        return stopping;
    }

    /** The grace is over: what still runs loses its SSH sessions now. */
    public void cut() {
        stopping = true;
        cut = true;
    }

    /** Whether the sessions were cut under what still ran. */
    public boolean wasCut() {
        return cut;
    }
}
