package dev.barnum.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A deadline moves with its monotonic ticker alone. */
class DeadlineTest {

    private final AtomicLong nanos =
            new AtomicLong(Long.MAX_VALUE - 1_000_000_000L); // near the wrap, as nanoTime may be

    @Test
    void counts() {
        Deadline deadline = Deadline.after(Duration.ofMillis(1500), nanos::get);
        assertThat(deadline.left()).isEqualTo(Duration.ofMillis(1500));
        assertThat(deadline.passed()).isFalse();
        nanos.addAndGet(Duration.ofMillis(1499).toNanos());
        assertThat(deadline.millisLeft()).isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(deadline.passed()).isTrue();
        nanos.addAndGet(
                Duration.ofSeconds(5).toNanos()); // past Long.MAX_VALUE: differences still hold
        assertThat(deadline.passed()).isTrue();
        assertThat(deadline.left()).isZero();
        assertThat(deadline.millisLeft()).as("never 0, which APIs read as for ever").isEqualTo(1);
    }
}
