package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.base.Deadline;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.state.HostReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fan-out's own guarantees, with host tasks that misbehave on purpose. */
@Timeout(30)
class FanOutTest {

    /** A shell that only records whether the fan-out closed it. */
    private static final class RecordingShell implements Shell {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public ExecResult run(List<String> argv, Duration timeout) {
            throw new UnsupportedOperationException("not used by these tasks");
        }

        @Override
        public String describe(List<String> argv) {
            return String.join(" ", argv);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void aHostThatIgnoresItsDeadlineIsCutOffAndOthersAnswer() {
        RecordingShell stuckShell = new RecordingShell();
        try (FanOut fanOut = new FanOut(4, Duration.ofMillis(300), Clock.systemUTC())) {
            List<HostReport> reports =
                    fanOut.run(
                            List.of("stuck", "fine"),
                            host -> host.equals("stuck") ? stuckShell : new RecordingShell(),
                            (host, shell, deadline) -> {
                                if (host.equals("stuck")) {
                                    sleepUninterruptibly(Duration.ofSeconds(20));
                                }
                                return answered(host);
                            });
            assertThat(reports).extracting(HostReport::host).containsExactly("stuck", "fine");
            assertThat(reports.get(0).failure())
                    .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.TIMEOUT));
            assertThat(reports.get(1).up()).isTrue();
            assertThat(stuckShell.closed)
                    .as("the overrunning host's shell is closed to abort its IO")
                    .isTrue();
        }
    }

    @Test
    void aTaskThatThrowsIsACommandFailureNotACrash() {
        try (FanOut fanOut = new FanOut(2, Duration.ofSeconds(5), Clock.systemUTC())) {
            List<HostReport> reports =
                    fanOut.run(
                            List.of("broken", "fine"),
                            host -> new RecordingShell(),
                            (host, shell, deadline) -> {
                                if (host.equals("broken")) {
                                    throw new IllegalStateException("boom");
                                }
                                return answered(host);
                            });
            assertFailed(
                    reports.get(0),
                    Reason.COMMAND,
                    "broken: java.lang.IllegalStateException: boom");
            assertThat(reports.get(1).up()).isTrue();
        }
    }

    /**
     * An Error escaped the worker and left its host's report never completed: the run waited for
     * ever.
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTaskThatThrowsAnErrorFailsItsHostAloneAndTheRunReturns() {
        try (FanOut fanOut = new FanOut(2, Duration.ofSeconds(5), Clock.systemUTC())) {
            List<HostReport> reports =
                    fanOut.run(
                            List.of("deep", "greedy", "fine"),
                            host -> new RecordingShell(),
                            (host, shell, deadline) -> {
                                if (host.equals("deep")) {
                                    throw new StackOverflowError();
                                }
                                if (host.equals("greedy")) {
                                    throw new OutOfMemoryError("Java heap space");
                                }
                                return answered(host);
                            });
            assertThat(reports)
                    .extracting(HostReport::host)
                    .containsExactly("deep", "greedy", "fine");
            assertFailed(reports.get(0), Reason.COMMAND, "deep: java.lang.StackOverflowError");
            assertFailed(
                    reports.get(1),
                    Reason.COMMAND,
                    "greedy: java.lang.OutOfMemoryError: Java heap space");
            assertThat(reports.get(2).up()).isTrue();
        }
    }

    /**
     * The shell was opened outside the worker's try: a host whose shell failed to open was never
     * reported.
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aShellThatCannotBeOpenedFailsItsHostAlone() {
        try (FanOut fanOut = new FanOut(2, Duration.ofSeconds(5), Clock.systemUTC())) {
            List<HostReport> reports =
                    fanOut.run(
                            List.of("unopened", "fine"),
                            host -> {
                                if (host.equals("unopened")) {
                                    throw new IllegalStateException("no such\nconfig");
                                }
                                return new RecordingShell();
                            },
                            (host, shell, deadline) -> answered(host));
            assertFailed(
                    reports.get(0),
                    Reason.COMMAND,
                    "unopened: java.lang.IllegalStateException: no such\\nconfig");
            assertThat(reports.get(1).up()).isTrue();
        }
    }

    /**
     * The service stops while a run waits: the host being probed is interrupted, those still
     * waiting for their turn fail without being probed, and the run returns; a later run fails
     * every host at once.
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closingFailsTheHostsStillWaitingAndTheRunReturns() throws Exception {
        FanOut fanOut = new FanOut(1, Duration.ofMinutes(5), Clock.systemUTC());
        java.util.concurrent.CountDownLatch probing = new java.util.concurrent.CountDownLatch(1);
        List<String> probed = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<List<HostReport>> run =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () ->
                                fanOut.run(
                                        List.of("slow", "waiting1", "waiting2"),
                                        host -> new RecordingShell(),
                                        (host, shell, deadline) -> {
                                            probed.add(host);
                                            probing.countDown();
                                            try {
                                                Thread.sleep(Duration.ofMinutes(5).toMillis());
                                            } catch (InterruptedException e) {
                                                return HostReport.failed(
                                                        host,
                                                        Instant.now(),
                                                        Duration.ZERO,
                                                        new dev.barnum.state.Failure(
                                                                Reason.COMMAND, "interrupted"));
                                            }
                                            return answered(host);
                                        }));
        probing.await();
        fanOut.close();
        List<HostReport> reports = run.get();
        assertThat(probed).containsExactly("slow");
        assertFailed(reports.get(0), Reason.COMMAND, "interrupted");
        assertFailed(
                reports.get(1), Reason.COMMAND, "waiting1: not probed: the service is stopping");
        assertFailed(
                reports.get(2), Reason.COMMAND, "waiting2: not probed: the service is stopping");
        assertFailed(
                fanOut.run(
                                List.of("later"),
                                host -> new RecordingShell(),
                                (host, shell, deadline) -> answered(host))
                        .get(0),
                Reason.COMMAND,
                "later: not probed: the service is stopping");
    }

    @Test
    void eachHostGetsItsOwnDeadlineFromWhenItStarts() {
        try (FanOut fanOut = new FanOut(1, Duration.ofSeconds(2), Clock.systemUTC())) {
            List<Deadline> deadlines = new java.util.concurrent.CopyOnWriteArrayList<>();
            fanOut.run(
                    List.of("a", "b"),
                    host -> new RecordingShell(),
                    (host, shell, deadline) -> {
                        deadlines.add(deadline);
                        sleepUninterruptibly(Duration.ofMillis(100));
                        return answered(host);
                    });
            // one worker: b starts after a finished, and its deadline is counted from its own start
            assertThat(deadlines.get(1).left()).isGreaterThan(deadlines.get(0).left());
        }
    }

    private static HostReport answered(String host) {
        return new HostReport(host, Instant.now(), Duration.ZERO, Optional.empty(), List.of());
    }

    private static void assertFailed(HostReport report, Reason reason, String message) {
        assertThat(report.failure())
                .hasValueSatisfying(
                        f -> {
                            assertThat(f.reason()).isEqualTo(reason);
                            assertThat(f.message()).isEqualTo(message);
                        });
    }

    private static void sleepUninterruptibly(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                // a stuck host ignores interrupts too
            }
        }
    }
}
