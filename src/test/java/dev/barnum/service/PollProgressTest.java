package dev.barnum.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The poller's liveness, judged on a ticker the test moves: the defaults (a poll every 30 s, a host
 * deadline of 10 s + 30 s, 32 hosts at once) allow a poll of up to 32 hosts 3 x 30 s + 2 x (40 s +
 * 1 s) = 172 s, and the scheduler 90 s without starting one.
 */
class PollProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong(123_456_789L);
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final PollProgress progress =
            new PollProgress(
                    new PollProgress.Bounds(Duration.ofSeconds(30), Duration.ofSeconds(40), 32),
                    new Clock() {
                        @Override
                        public Instant instant() {
                            return now.get();
                        }

                        @Override
                        public ZoneId getZone() {
                            return ZoneOffset.UTC;
                        }

                        @Override
                        public Clock withZone(ZoneId zone) {
                            throw new UnsupportedOperationException();
                        }
                    },
                    nanos::get);

    private void pass(Duration d) {
        nanos.addAndGet(d.toNanos());
        now.set(now.get().plus(d));
    }

    @Test
    void beforeAnyPollItIsLiveAndSaysSo() {
        progress.scheduled();
        PollProgress.Verdict verdict = progress.verdict();
        assertThat(verdict.live()).isTrue();
        assertThat(verdict.data())
                .containsEntry("pollRunning", false)
                .containsEntry("lastPollStarted", "never")
                .containsEntry("lastPollFinished", "never")
                .containsEntry("pollIntervalSeconds", 30L)
                .containsEntry("quietSeconds", 0L)
                .containsEntry("limitSeconds", 90L)
                .doesNotContainKey("reason");
    }

    @Test
    void aFirstPollIsLiveUpToWhatAWorkingPollCanTakeThenStuck() {
        progress.scheduled();
        progress.started();
        progress.hosts(5);
        pass(Duration.ofSeconds(172));
        assertThat(progress.verdict().live()).as("172 s: the limit itself").isTrue();
        assertThat(progress.verdict().data())
                .containsEntry("pollRunning", true)
                .containsEntry("lastPollStarted", "2026-12-01T10:00:00Z")
                .containsEntry("lastPollFinished", "never")
                .containsEntry("pollRunningSeconds", 172L)
                .containsEntry("limitSeconds", 172L);
        pass(Duration.ofSeconds(1));
        PollProgress.Verdict stuck = progress.verdict();
        assertThat(stuck.live()).isFalse();
        assertThat(stuck.reason())
                .contains(
                        "the poll started at 2026-12-01T10:00:00Z has run 173 s, longer than a"
                                + " working poll can (172 s): the poller is stuck");
        assertThat(stuck.data()).containsEntry("reason", stuck.reason().get());
    }

    @Test
    void aPollOfManyHostsMayTakeAWaveOfDeadlinesPerParallelismOfThem() {
        progress.started();
        progress.hosts(100); // 4 waves of 32: 90 s + 2 x 4 x 41 s
        pass(Duration.ofSeconds(418));
        assertThat(progress.verdict().live()).isTrue();
        assertThat(progress.verdict().data()).containsEntry("limitSeconds", 418L);
        pass(Duration.ofSeconds(1));
        assertThat(progress.verdict().live()).isFalse();
    }

    @Test
    void aPollWhoseHostsAreNotKnownYetHasTheLimitOfOneWave() {
        progress.started();
        pass(Duration.ofSeconds(173));
        assertThat(progress.verdict().live())
                .as("stuck reading the homes (an NFS server that went away)")
                .isFalse();
    }

    @Test
    void aSchedulerThatStopsStartingPollsIsStuckAfterThreeIntervals() {
        progress.scheduled();
        progress.started();
        pass(Duration.ofSeconds(2));
        progress.finished();
        pass(Duration.ofSeconds(90));
        PollProgress.Verdict quiet = progress.verdict();
        assertThat(quiet.live()).isTrue();
        assertThat(quiet.data())
                .containsEntry("lastPollStarted", "2026-12-01T10:00:00Z")
                .containsEntry("lastPollFinished", "2026-12-01T10:00:02Z")
                .containsEntry("quietSeconds", 90L);
        pass(Duration.ofSeconds(1));
        assertThat(progress.verdict().reason())
                .contains(
                        "no poll started for 91 s, more than 3 poll intervals: the scheduler"
                                + " stopped starting polls");
        progress.started();
        assertThat(progress.verdict().live()).as("a poll started again").isTrue();
    }

    @Test
    void aSchedulerThatNeverStartedAPollIsStuckToo() {
        progress.scheduled();
        pass(Duration.ofSeconds(91));
        assertThat(progress.verdict().live()).isFalse();
    }

    @Test
    void withoutASchedulePollsComeWhenAskedForAndSilenceIsNoFault() {
        progress.started();
        progress.finished();
        pass(Duration.ofDays(1));
        assertThat(progress.verdict().live()).isTrue();
        assertThat(progress.verdict().data()).doesNotContainKeys("quietSeconds", "limitSeconds");
    }

    @Test
    void aStoppingServiceStartsNoPollOnPurpose() {
        progress.scheduled();
        progress.stopping();
        pass(Duration.ofHours(1));
        assertThat(progress.verdict().live()).isTrue();
    }

    @Test
    void durationsComeFromTheTickerNotTheClock() {
        progress.scheduled();
        progress.started();
        now.set(T0.plus(Duration.ofHours(2))); // an NTP step forward
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(progress.verdict().live()).isTrue();
        assertThat(progress.verdict().data()).containsEntry("pollRunningSeconds", 10L);
        progress.finished();
        assertThat(progress.verdict().data())
                .containsEntry("lastPollFinished", "2026-12-01T12:00:00Z");
    }
}
