package dev.barnum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransportComparisonTest {

    @Test
    void readsUserAndSystemTimeFromTheShellsTimes() {
        assertThat(TransportComparison.shellTimes("0m0.280000s 0m0.010000s"))
                .isEqualTo(290_000_000L);
        assertThat(TransportComparison.shellTimes("1m2.5s 0m0s")).isEqualTo(62_500_000_000L);
    }

    @Test
    void theBurnIsAShellLoopOfThatManyTurns() {
        assertThat(BenchFleet.burn(3)).isEqualTo("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done");
    }
}
