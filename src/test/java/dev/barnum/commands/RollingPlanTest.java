package dev.barnum.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.config.BadInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RollingPlanTest {

    @Test
    void noBatchMeansEverythingAtOnce() {
        assertThat(RollingPlan.of(null, null, null, null)).isEmpty();
    }

    @Test
    void defaultsAndGivenValues() {
        RollingPlan plan = RollingPlan.of("10", null, null, null).orElseThrow();
        assertThat(plan.batch()).isEqualTo(new Share(10, false));
        assertThat(plan.maxFailures()).isEqualTo(new Share(0, false));
        assertThat(plan.settle()).isEqualTo(RollingPlan.DEFAULT_SETTLE);
        assertThat(plan.pause()).isZero();

        RollingPlan given = RollingPlan.of("25%", "10%", "500ms", "2m").orElseThrow();
        assertThat(given.batch()).hasToString("25%");
        assertThat(given.maxFailures()).hasToString("10%");
        assertThat(given.settle()).isEqualTo(Duration.ofMillis(500));
        assertThat(given.pause()).isEqualTo(Duration.ofMinutes(2));
        assertThat(RollingPlan.of("1", "0", "PT10S", "1h").orElseThrow().settle())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesWhatCannotWorkNamingTheOption() {
        assertThatThrownBy(() -> RollingPlan.of("0", null, null, null))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--batch: 0 is out of range (at least 1)");
        assertThatThrownBy(() -> RollingPlan.of("120%", null, null, null))
                .hasMessage("--batch: 120% is out of range (1% to 100%)");
        assertThatThrownBy(() -> RollingPlan.of("ten", null, null, null))
                .hasMessage("--batch: expected a count (10) or a percentage (25%), got 'ten'");
        assertThatThrownBy(() -> RollingPlan.of("1", "-1", null, null))
                .hasMessage(
                        "--max-failures: expected a count (10) or a percentage (25%), got '-1'");
        assertThatThrownBy(() -> RollingPlan.of("1", null, "soon", null))
                .hasMessage("--settle: expected a duration such as 10s, 500ms or 2m, got 'soon'");
        assertThatThrownBy(() -> RollingPlan.of("1", null, null, "5000s"))
                .hasMessage("--pause: 5000s is out of range (0 to 1h)");
        assertThatThrownBy(() -> RollingPlan.of(null, "2", null, null))
                .hasMessage(
                        "--max-failures, --settle and --pause need --batch (a count or a percentage)");
    }
}
