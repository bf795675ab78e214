package dev.barnum.jmx;

/**
 * {@code barnum:type=Watcher,host=<h>,user=<u>,name=<w>}: one circus watcher as the last poll saw
 * it, and the commands that act on it (sent through the service's command path, audited as {@code
 * who=jmx}).
 *
 * <pre>
 * barnum:type=Watcher,host=host3,user=user1,name="plugin:flapping"
 * State = active; Processes = 1;
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

    /** {@code circusctl start <watcher>} on its user's circusd; a one-line result. */
    String start();

    /** {@code circusctl stop <watcher>}; a one-line result. */
    String stop();

    /** {@code circusctl restart <watcher>}; a one-line result. */
    String restart();
}
