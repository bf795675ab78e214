package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line, on a ticker the test moves: when it shows, what it says, how it goes. */
class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    private String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nothingShowsInTheFirstSecond() {
        Progress progress = new Progress(err, nanos::get, "polled", 200);
        progress.host(true);
        progress.tick();
        nanos.addAndGet(999_000_000L);
        progress.tick();
        progress.close();
        assertThat(shown()).isEmpty();
    }

    @Test
    void afterASecondTheLineIsRedrawnInPlaceWhenItChangesAndErasedAtTheEnd() {
        Progress progress = new Progress(err, nanos::get, "polled", 200);
        for (int i = 0; i < 120; i++) {
            progress.host(i >= 3);
        }
        nanos.addAndGet(1_000_000_000L);
        progress.tick();
        progress.tick();
        progress.host(true);
        progress.tick();
        progress.close();
        progress.tick();
        assertThat(shown())
                .isEqualTo(
                        "\rpolled 120/200 hosts, 3 unreachable\033[K"
                                + "\rpolled 121/200 hosts, 3 unreachable\033[K"
                                + "\r\033[K");
    }

    @Test
    void noneShowsNothing() {
        Progress none = Progress.on(false, err, "polled", 3);
        assertThat(none).isSameAs(Progress.NONE);
        none.host(false);
        none.tick();
        none.close();
        assertThat(shown()).isEmpty();
    }
}
