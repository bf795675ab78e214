package dev.barnum.jmx;

/**
 * {@code barnum:type=Fleet}: the whole fleet as the last poll saw it, and what can be done to it.
 *
 * <pre>
 * HostCount = 5; HostsUp = 3; UnitCount = 9; WatcherCount = 9;
 * LastPoll = 2026-11-25T03:00:00.120Z; LastPollDurationMillis = 842;
 * refresh()                          → "polled 5 hosts (3 up, 9 units, 9 watchers) in 842 ms at 2026-11-25T03:00:00.120Z"
 * status("host1")                    → "--- user1@host1 ---\nwatcher1: active\n--- user2@host1 ---\nNo circus expected\n
 *                                       expected by /users/user2/circus/host1/circus.ini, disabled on host1\n"
 * execute("user1@host1", "status watcher1")
 *                                    → ["host1 user1 ok exit=0", "  {\"status\": \"active\", ...}"]
 * executeRolling("all", "restart web", "25%", "1", "10s", "")
 *                                    → ["--- batch 1/4: user1@host1 ---", "user1@host1: ok; settled: web active", ...]
 * </pre>
 */
public interface FleetMXBean {

    /** Hosts in the last snapshot; 0 before the first poll. */
    int getHostCount();

    /** Hosts whose last poll succeeded. */
    int getHostsUp();

    /**
     * circus units found on the hosts (including those of a host down, as last seen; not those the
     * homes expect that are not installed).
     */
    int getUnitCount();

    /** Watchers known: those circus reported, and those last seen on a host that is now down. */
    int getWatcherCount();

    /** When the last poll started, ISO-8601; {@code ""} before the first poll. */
    String getLastPoll();

    /** How long the last whole-fleet poll took; -1 before the first poll. */
    long getLastPollDurationMillis();

    /** Polls the fleet now, unless a poll is already running; a one-line summary. */
    String refresh();

    /**
     * The text report of the last snapshot: the host report for {@code all} or {@code ""}, circus's
     * answer per user for {@code host} or {@code user@host}.
     *
     * @throws IllegalArgumentException when the target is malformed or not in the last poll
     */
    String status(String target);

    /**
     * Sends a circus command (split on whitespace, as {@code circusctl} takes it, e.g. {@code
     * "restart web"}) to every (host, user) of the target, through the service's command path
     * (allow-list, audit log).
     *
     * @return per (host, user) {@code host user outcome exit=N message}, then circus's output
     *     indented
     * @throws IllegalArgumentException when the command, target or watcher is refused; nothing runs
     *     then
     */
    String[] execute(String target, String circusArgs);

    /**
     * {@link #execute} one batch at a time: {@code batch} pairs (a count or a percentage) at once,
     * then their watchers checked with circus for {@code settle} (e.g. {@code "5s"}; empty: the
     * default); no further batch once more than {@code maxFailures} pairs failed (empty: 0); {@code
     * pause} between batches (empty: none).
     *
     * @return a header per batch, a line per pair, then what ran, failed and never started
     * @throws IllegalArgumentException when the command, target, watcher or plan is refused;
     *     nothing runs then
     */
    String[] executeRolling(
            String target,
            String circusArgs,
            String batch,
            String maxFailures,
            String settle,
            String pause);
}
