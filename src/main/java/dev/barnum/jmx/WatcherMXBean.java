package dev.barnum.jmx;

/**
 * {@code barnum:type=Watcher,host=<h>,user=<u>,name=<w>}: one circus watcher as the last poll saw
 * it, and the commands that act on it (sent through the service's command path, audited as {@code
 * who=jmx}).
 *
 * <pre>
 * barnum:type=Watcher,host=host3,user=user1,name="plugin:flapping"
 * State = active; Processes = 1; Spawns = 3; Exits = {requested=0, clean=0, error=2, signal=0}
 * restart() → "host3 user1 ok exit=0"
 * </pre>
 */
public interface WatcherMXBean {

    /**
     * active, starting, stopping, stopped, or unknown (circus did not say, or the host is down).
     */
    String getState();

    /** Number of processes; -1 when not known. */
    int getProcesses();

    /**
     * Its processes' exits that circus's events told since Barnum started, by outcome ({@code
     * requested}, {@code clean}, {@code error}, {@code signal}).
     */
    java.util.Map<String, Long> getExits();

    /** Its processes that circus's events told were spawned since Barnum started. */
    long getSpawns();

    /** {@code circusctl start <watcher>} on its user's circusd; a one-line result. */
    String start();

    /** {@code circusctl stop <watcher>}; a one-line result. */
    String stop();

    /** {@code circusctl restart <watcher>}; a one-line result. */
    String restart();
}
