package dev.barnum.base;

import java.time.Duration;

/**
 * A moment by which something must be done, on a monotonic clock ({@link System#nanoTime} unless a
 * test gives another): unlike a wall {@code Clock}, an NTP step or a stopped test clock neither
 * extends nor shortens it. Timestamps stay on the injected {@code Clock}; deadlines are these.
 */
public final class Deadline {

    /** A monotonic source of nanoseconds, only its differences meaningful. */
    @FunctionalInterface
    public interface Ticker {
        long nanos();

        Ticker SYSTEM = System::nanoTime;
    }

    private final Ticker ticker;
    private final long at;

    private Deadline(Ticker ticker, long at) {
        this.ticker = ticker;
        this.at = at;
    }

    /** {@code timeout} from now, on the system's monotonic clock. */
    public static Deadline after(Duration timeout) {
        return after(timeout, Ticker.SYSTEM);
    }

    public static Deadline after(Duration timeout, Ticker ticker) {
        return new Deadline(ticker, ticker.nanos() + timeout.toNanos());
    }

    /** How long until the deadline; zero once it has passed. */
    public Duration left() {
        return Duration.ofNanos(Math.max(0, at - ticker.nanos()));
    }

    public boolean passed() {
        return at - ticker.nanos() <= 0;
    }

    /**
     * {@link #left()} in whole milliseconds, at least 1: what APIs that read 0 as "wait for ever"
     * are given.
     */
    public int millisLeft() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left().toMillis()));
    }
}
