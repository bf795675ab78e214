package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgSplitTest {

    @Test
    void splitsAtTheFirstDoubleDashOnly() {
        ArgSplit split = ArgSplit.of("user1@host1", "--verbose", "--", "--", "stats");
        assertThat(split.head()).containsExactly("user1@host1", "--verbose");
        assertThat(split.tail()).containsExactly("--", "stats");
        assertThat(ArgSplit.of(split.tail()).tail()).containsExactly("stats");
    }

    @Test
    void noDoubleDashMeansNoTail() {
        assertThat(ArgSplit.of("host1").tail()).isEmpty();
        assertThat(ArgSplit.of(List.of()).head()).isEmpty();
        assertThat(ArgSplit.of("--", "--help").head()).isEmpty();
    }
}
