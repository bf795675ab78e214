package dev.barnum;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in Quarkus tests: the system clock, unless a test stops it at an instant
 * (then every duration is zero and every timestamp that instant, so that whole outputs compare) for
 * as long as the scope {@link #stopAt} returns is open.
 */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

    private volatile Instant stopped;

    /** Stops the clock at {@code instant} until the returned scope closes; then it runs again. */
    public Stopped stopAt(Instant instant) {
        stopped = instant;
        return () -> stopped = null;
    }

    /** The clock, stopped until closed. */
    @FunctionalInterface
    public interface Stopped extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public Instant instant() {
        Instant at = stopped;
        return at != null ? at : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Barnum reads instants only");
    }
}
