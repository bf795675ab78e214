package dev.barnum.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.base.Deadline;
import dev.barnum.fleet.Target;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each command in flight is reported once: by its own thread, or by the stop, never both. */
class InFlightTest {

    private final AtomicLong nanos = new AtomicLong();
    private final InFlight inFlight = new InFlight(nanos::get);

    private InFlight.Entry begin(String user) {
        return inFlight.begin(
                "alice",
                Target.parse("host1"),
                new CommandTargets.Pair(
                        "host1", user, Optional.of("tcp://127.0.0.1:5555"), Set.of("web"), null),
                "restart",
                List.of("circus"));
    }

    @Test
    void theStopReportsOnlyWhatNoThreadClaimedAndAThreadNeverReportsWhatTheStopDid() {
        InFlight.Entry answered = begin("user1");
        InFlight.Entry hung = begin("user2");
        assertThat(inFlight.claim(answered)).as("its thread reports it").isTrue();

        assertThat(inFlight.takeUnreported()).containsExactly(hung);
        assertThat(inFlight.takeUnreported()).as("taken once").isEmpty();
        assertThat(inFlight.claim(hung)).as("reported by the stop already").isFalse();
    }

    @Test
    void aCommandCountsAsEndedOnceEnded() throws InterruptedException {
        InFlight.Entry entry = begin("user1");
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(inFlight.age(entry)).isEqualTo(Duration.ofSeconds(3));
        assertThat(inFlight.size()).isEqualTo(1);
        assertThat(inFlight.awaitNone(Deadline.after(Duration.ZERO, nanos::get))).isFalse();
        inFlight.claim(entry);
        inFlight.end(entry);
        assertThat(inFlight.awaitNone(Deadline.after(Duration.ZERO, nanos::get))).isTrue();
        assertThat(inFlight.size()).isZero();
    }
}
