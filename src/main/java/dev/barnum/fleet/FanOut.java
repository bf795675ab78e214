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
import java.util.concurrent.RejectedExecutionException;
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
    public interface HostTask<R> {
        R probe(String host, Shell shell, Deadline deadline);
    }

    /** A host's result when its task failed or overran: why, and how long it had run. */
    @FunctionalInterface
    public interface Failed<R> {
        R of(String host, Instant started, Duration took, Failure failure);
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
    public List<HostReport> run(List<String> hosts, Shells shells, HostTask<HostReport> task) {
        return run(hosts, shells, task, HostReport::failed);
    }

    /**
     * @return one result per host, in the order given; {@code failed} makes those of the hosts
     *     whose task failed or overran
     */
    public <R> List<R> run(List<String> hosts, Shells shells, HostTask<R> task, Failed<R> failed) {
        return run(hosts, shells, task, failed, result -> {});
    }

    /**
     * The same, telling {@code done} of each host's result as soon as it is there (in the thread
     * that completed it; what {@code done} throws is ignored).
     */
    public <R> List<R> run(
            List<String> hosts,
            Shells shells,
            HostTask<R> task,
            Failed<R> failed,
            java.util.function.Consumer<? super R> done) {
        List<CompletableFuture<R>> results = new ArrayList<>();
        for (String host : hosts) {
            CompletableFuture<R> result = new CompletableFuture<>();
            results.add(result);
            result.thenAccept(done);
            Probe<R> probe = new Probe<>(host, task, failed, result, shells);
            try {
                workers.execute(probe);
            } catch (RejectedExecutionException e) {
                probe.notStarted();
            }
        }
        return results.stream().map(CompletableFuture::join).toList();
    }

    /** One host's task, whose result is completed in every path. */
    private final class Probe<R> implements Runnable {
        private final String host;
        private final HostTask<R> task;
        private final Failed<R> failed;
        private final CompletableFuture<R> result;
        private final Shells shells;
        private Instant started;

        Probe(
                String host,
                HostTask<R> task,
                Failed<R> failed,
                CompletableFuture<R> result,
                Shells shells) {
            this.host = host;
            this.task = task;
            this.failed = failed;
            this.result = result;
            this.shells = shells;
        }

        @Override
        public void run() {
            run(shells);
        }

        /** The fan-out was closed before this host's turn came: it fails, and is never probed. */
        void notStarted() {
            started = clock.instant();
            fail(Reason.COMMAND, "not probed: the service is stopping");
        }

        /**
         * Completes the result in every path: a host whose result never came would hold up the
         * whole run, and with it every later poll. Whatever the task or its shell throws, even an
         * {@link Error} such as running out of memory, fails this host alone.
         */
        void run(Shells shells) {
            started = clock.instant();
            ScheduledFuture<?> guard = null;
            try {
                Shell shell = shells.open(host);
                guard =
                        watchdog.schedule(
                                () -> {
                                    if (!result.isDone()) {
                                        // abort the host's IO first, so that whoever sees the
                                        // timeout sees a closed shell
                                        shell.close();
                                        fail(
                                                Reason.TIMEOUT,
                                                "no answer within "
                                                        + hostDeadline.toMillis()
                                                        + " ms");
                                    }
                                },
                                hostDeadline.plus(GRACE).toMillis(),
                                TimeUnit.MILLISECONDS);
                R report = task.probe(host, shell, Deadline.after(hostDeadline));
                if (report != null) {
                    result.complete(report);
                } else {
                    fail(Reason.COMMAND, "the probe returned no report");
                }
            } catch (Throwable e) { // an Error too, see above; a shell that cannot be opened too
                fail(Reason.COMMAND, String.valueOf(e));
            } finally {
                if (guard != null) {
                    guard.cancel(false);
                }
                if (!result.isDone()) {
                    fail(Reason.COMMAND, "the probe ended without a report");
                }
            }
        }

        private void fail(Reason reason, String why) {
            result.complete(
                    failed.of(
                            host,
                            started,
                            Duration.between(started, clock.instant()),
                            new Failure(reason, Shown.oneLine(host + ": " + why))));
        }
    }

    /**
     * Interrupts the running probes and fails the hosts still waiting for their turn, so that no
     * run waits for ever on a host that will never be probed; later runs fail every host at once.
     */
    @Override
    public void close() {
        for (Runnable waiting : workers.shutdownNow()) {
            if (waiting instanceof Probe<?> probe) {
                probe.notStarted();
            }
        }
        watchdog.shutdownNow();
    }
}
