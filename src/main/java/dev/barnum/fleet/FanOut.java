package dev.barnum.fleet;

import dev.barnum.base.Daemons;
import dev.barnum.base.Deadline;
import dev.barnum.config.Shown;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.state.Failure;
import dev.barnum.state.HostReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Probes many hosts at once, at most {@code parallelism} at a time, each under its own deadline
 * counted from when its probe starts. A host that overruns is reported as {@code timeout} and its
 * shell is closed, which aborts its IO; it never delays the other hosts' results.
 */
public final class FanOut implements AutoCloseable {

    /** How long past its deadline a probe may take before the watchdog gives up on it. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;
    private final Duration hostDeadline;
    private final Clock clock;

    public FanOut(int parallelism, Duration hostDeadline, Clock clock) {
        this.workers =
                Executors.newFixedThreadPool(
                        Math.max(1, parallelism), Daemons.named("barnum-host"));
        ScheduledThreadPoolExecutor guards =
                new ScheduledThreadPoolExecutor(1, Daemons.named("barnum-watchdog"));
        // a guard is cancelled when its host answers in time, nearly always: drop it at once rather
        // than
        // keep every poll's guards queued until their deadline
        guards.setRemoveOnCancelPolicy(true);
        this.watchdog = guards;
        this.hostDeadline = hostDeadline;
        this.clock = clock;
    }

    /** Probes one host; must return by {@code deadline} and never throw. */
    @FunctionalInterface
    public interface HostTask {
        HostReport probe(String host, Shell shell, Deadline deadline);
    }

    /**
     * A shell to each host; the fan-out closes it only when the host overruns its deadline. A shell
     * that cannot be opened (an exception) is that host's {@code command} failure.
     */
    @FunctionalInterface
    public interface Shells {
        Shell open(String host);
    }

    /**
     * @return one report per host, in the order given
     */
    public List<HostReport> run(List<String> hosts, Shells shells, HostTask task) {
        List<CompletableFuture<HostReport>> results = new ArrayList<>();
        for (String host : hosts) {
            CompletableFuture<HostReport> result = new CompletableFuture<>();
            results.add(result);
            workers.execute(() -> probe(host, shells, task, result));
        }
        return results.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Completes {@code result} in every path: a host whose report never came would hold up the
     * whole run, and with it every later poll. Whatever the task or its shell throws, even an
     * {@link Error} such as running out of memory, fails this host alone.
     */
    private void probe(
            String host, Shells shells, HostTask task, CompletableFuture<HostReport> result) {
        Instant started = clock.instant();
        ScheduledFuture<?> guard = null;
        try {
            Shell shell = shells.open(host);
            guard =
                    watchdog.schedule(
                            () -> {
                                if (!result.isDone()) {
                                    // abort the host's IO first, so that whoever sees the timeout
                                    // sees a closed shell
                                    shell.close();
                                    result.complete(
                                            failed(
                                                    host,
                                                    started,
                                                    Reason.TIMEOUT,
                                                    "no answer within "
                                                            + hostDeadline.toMillis()
                                                            + " ms"));
                                }
                            },
                            hostDeadline.plus(GRACE).toMillis(),
                            TimeUnit.MILLISECONDS);
            HostReport report = task.probe(host, shell, Deadline.after(hostDeadline));
            result.complete(
                    report != null
                            ? report
                            : failed(
                                    host, started, Reason.COMMAND, "the probe returned no report"));
        } catch (Throwable e) { // an Error too, see above; a shell that cannot be opened as well
            result.complete(failed(host, started, Reason.COMMAND, String.valueOf(e)));
        } finally {
            if (guard != null) {
                guard.cancel(false);
            }
            if (!result.isDone()) {
                result.complete(
                        failed(host, started, Reason.COMMAND, "the probe ended without a report"));
            }
        }
    }

    private HostReport failed(String host, Instant started, Reason reason, String why) {
        return HostReport.failed(
                host,
                started,
                Duration.between(started, clock.instant()),
                new Failure(reason, Shown.oneLine(host + ": " + why)));
    }

    @Override
    public void close() {
        workers.shutdownNow();
        watchdog.shutdownNow();
    }
}
