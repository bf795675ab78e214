package dev.barnum.service;

import dev.barnum.base.Deadline.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Where the polls are, and whether that is a poller at work (liveness). Timestamps come from the
 * injected clock, durations from a monotonic ticker, so that an NTP step neither hides nor fakes a
 * stuck poller. The poller is stuck when:
 *
 * <ul>
 *   <li>a poll has run longer than a working one can: {@value #INTERVALS} poll intervals, plus
 *       twice (the hosts' probes, then their event subscriptions) a wave of host deadlines for each
 *       {@code parallelism} hosts, a host deadline being {@code connect-timeout + command-timeout}
 *       plus the {@link #WATCHDOG} second the fan-out's watchdog allows past it; or
 *   <li>polls are scheduled, none runs, and none started for {@value #INTERVALS} intervals (since
 *       the last one finished, or since polling was scheduled): the scheduler stopped starting
 *       them.
 * </ul>
 *
 * Before the first poll ends, and while the service stops, it is live as long as neither holds.
 * Thread-safe.
 */
public final class PollProgress {

    /** Poll intervals of slack before the poller counts as stuck. */
    static final int INTERVALS = 3;

    /** What the fan-out's watchdog allows a host past its deadline. */
    static final Duration WATCHDOG = Duration.ofSeconds(1);

    /** What a poll must not outlast, and how often polls come. */
    public record Bounds(Duration interval, Duration hostDeadline, int parallelism) {

        /** The longest a working poll of {@code hosts} hosts can run (0 hosts: not known yet). */
        Duration pollLimit(int hosts) {
            int waves = Math.max(1, (hosts + parallelism - 1) / Math.max(1, parallelism));
            return interval.multipliedBy(INTERVALS)
                    .plus(hostDeadline.plus(WATCHDOG).multipliedBy(2L * waves));
        }

        /** The longest the scheduler may start no poll while none runs. */
        Duration quietLimit() {
            return interval.multipliedBy(INTERVALS);
        }
    }

    /** The judgement: live or not, why not, and what it was based on. */
    public record Verdict(boolean live, Optional<String> reason, Map<String, Object> data) {}

    private final Bounds bounds;
    private final Clock clock;
    private final Ticker ticker;

    private boolean scheduled;
    private boolean stopping;
    private long quietSince;
    private boolean running;
    private long runningSince;
    private int hosts;
    private Instant lastStarted;
    private Instant lastFinished;

    public PollProgress(Bounds bounds, Clock clock, Ticker ticker) {
        this.bounds = bounds;
        this.clock = clock;
        this.ticker = ticker;
    }

    /** From now on a poll is due every interval. */
    public synchronized void scheduled() {
        if (!scheduled) {
            scheduled = true;
            quietSince = ticker.nanos();
        }
    }

    /** The service stops: polls end on purpose. */
    public synchronized void stopping() {
        stopping = true;
    }

    public synchronized void started() {
        running = true;
        runningSince = ticker.nanos();
        hosts = 0;
        lastStarted = clock.instant();
    }

    /** The running poll covers {@code count} hosts (known once the homes were read). */
    public synchronized void hosts(int count) {
        hosts = count;
    }

    public synchronized void finished() {
        running = false;
        quietSince = ticker.nanos();
        lastFinished = clock.instant();
    }

    /** Whether a poll runs now. */
    public synchronized boolean running() {
        return running;
    }

    /** The liveness of the poller now. */
    public synchronized Verdict verdict() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pollRunning", running);
        data.put("lastPollStarted", lastStarted == null ? "never" : lastStarted.toString());
        data.put("lastPollFinished", lastFinished == null ? "never" : lastFinished.toString());
        data.put("pollIntervalSeconds", bounds.interval().toSeconds());
        Optional<String> reason = Optional.empty();
        if (running) {
            reason =
                    judge(
                            data,
                            "pollRunningSeconds",
                            since(runningSince),
                            bounds.pollLimit(hosts),
                            (runs, limit) ->
                                    "the poll started at "
                                            + lastStarted
                                            + " has run "
                                            + runs
                                            + " s, longer than a working poll can ("
                                            + limit
                                            + " s): the poller is stuck");
        } else if (scheduled && !stopping) {
            reason =
                    judge(
                            data,
                            "quietSeconds",
                            since(quietSince),
                            bounds.quietLimit(),
                            (quiet, limit) ->
                                    "no poll started for "
                                            + quiet
                                            + " s, more than "
                                            + INTERVALS
                                            + " poll intervals: the scheduler stopped starting"
                                            + " polls");
        }
        reason.ifPresent(r -> data.put("reason", r));
        return new Verdict(reason.isEmpty(), reason, data);
    }

    /**
     * Puts {@code elapsed} (under {@code key}) and {@code limit} in the data, in whole seconds.
     *
     * @return why the poller is stuck, when {@code elapsed} is past {@code limit}
     */
    private static Optional<String> judge(
            Map<String, Object> data,
            String key,
            Duration elapsed,
            Duration limit,
            BiFunction<Long, Long, String> why) {
        data.put(key, elapsed.toSeconds());
        data.put("limitSeconds", limit.toSeconds());
        return elapsed.compareTo(limit) > 0
                ? Optional.of(why.apply(elapsed.toSeconds(), limit.toSeconds()))
                : Optional.empty();
    }

    private Duration since(long nanos) {
        return Duration.ofNanos(ticker.nanos() - nanos);
    }
}
