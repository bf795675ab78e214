package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.circus.CircusEvent;
import dev.barnum.circus.ExitOutcome;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** What a host's events may make Barnum keep is bounded: the topics are the host's to choose. */
class EventTallyTest {

    private static CircusEvent reap(String watcher) {
        return CircusEvent.parse(
                ("watcher." + watcher + ".reap").getBytes(),
                "{\"process_pid\": 1, \"exit_code\": 1}".getBytes());
    }

    @Test
    void aCircusdNamingEndlessWatchersIsCountedForTheFirstThousandOnly() {
        EventTally tally = new EventTally(Clock.systemUTC());
        for (int i = 0; i < EventTally.WATCHERS_PER_CIRCUSD + 500; i++) {
            tally.record("h1", "u1", reap("w" + i));
        }
        tally.record("h1", "u2", reap("other"));
        var counts = tally.counts();
        assertThat(counts.watchers()).hasSize(EventTally.WATCHERS_PER_CIRCUSD + 1);
        assertThat(counts.of("h1", "u1", "w0").exits(ExitOutcome.ERROR)).isEqualTo(1);
        assertThat(counts.told("h1", "u1", "w" + EventTally.WATCHERS_PER_CIRCUSD)).isFalse();
        assertThat(counts.of("h1", "u2", "other").exits(ExitOutcome.ERROR)).isEqualTo(1);
        // a name already kept is still counted
        tally.record("h1", "u1", reap("w0"));
        assertThat(tally.counts().of("h1", "u1", "w0").exits(ExitOutcome.ERROR)).isEqualTo(2);
    }

    @Test
    void anOverlongWatcherNameIsRefused() {
        assertThatThrownBy(() -> reap("x".repeat(257)))
                .hasMessage("a watcher name longer than 256 characters");
    }
}
