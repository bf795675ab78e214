package dev.barnum.logs;

import dev.barnum.base.Daemons;
import dev.barnum.logs.ConfinedFile.Opened;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An open that a home's user can make wait: a file swapped for a FIFO between the look that found
 * it regular and the open waits for a writer, which Java cannot avoid (it opens nothing with {@code
 * O_NONBLOCK}). Each open runs on a thread of its own and is waited for at most {@link
 * #OPEN_TIMEOUT}; a thread stuck so stays until a writer comes (whatever it opened then is closed),
 * and while {@value #STUCK_LIMIT} are, logs are refused rather than more threads spent.
 */
final class TimedOpen {

    /** How long an open may take. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

    /** The most opens that may still be waiting for a FIFO's writer. */
    static final int STUCK_LIMIT = 8;

    private static final AtomicInteger STUCK = new AtomicInteger();
    private static final ThreadFactory OPENERS = Daemons.named("barnum-log-open");

    private TimedOpen() {}

    /** How many opens wait for a FIFO's writer now. */
    static int stuck() {
        return STUCK.get();
    }

    /**
     * {@code walk} on a thread of its own, waited for at most {@link #OPEN_TIMEOUT}.
     *
     * @param file names the file in messages
     * @param walk opens (or looks at) the file, as {@link ConfinedFile} does
     * @throws LogUnavailableException what {@code walk} throws; or, naming the file, when it did
     *     not end in time, the waiting thread was interrupted, or {@value #STUCK_LIMIT} earlier
     *     walks still wait
     */
    static Opened within(Path file, Supplier<Opened> walk) {
        if (STUCK.get() >= STUCK_LIMIT) {
            throw ConfinedFile.refused(
                    file,
                    STUCK_LIMIT
                            + " earlier opens still wait for a FIFO's writer: no log is opened"
                            + " until they end");
        }
        CompletableFuture<Opened> opening = new CompletableFuture<>();
        AtomicBoolean taken = new AtomicBoolean(); // by the caller's result, or by giving up
        OPENERS.newThread(
                        () -> {
                            Opened opened = null;
                            Throwable failed = null;
                            try {
                                opened = walk.get();
                            } catch (RuntimeException | Error e) {
                                failed = e;
                            }
                            if (taken.compareAndSet(false, true)) {
                                if (failed != null) {
                                    opening.completeExceptionally(failed);
                                } else {
                                    opening.complete(opened);
                                }
                            } else {
                                STUCK.decrementAndGet(); // given up on: nobody reads it
                                if (opened != null) {
                                    opened.close();
                                }
                            }
                        })
                .start();
        String why;
        try {
            return opening.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            why =
                    "did not open within "
                            + OPEN_TIMEOUT.toSeconds()
                            + " s: it was swapped for a FIFO while being opened";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted while opening";
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException(e.getCause());
        }
        if (!taken.compareAndSet(false, true)) {
            // it ended meanwhile and is completing: its outcome stands
            try {
                return opening.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
            }
        }
        STUCK.incrementAndGet();
        throw ConfinedFile.refused(file, why);
    }
}
