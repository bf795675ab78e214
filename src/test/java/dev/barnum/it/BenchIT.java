package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.bench.FleetBench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark of bench/run, whole but tiny (two hosts, one round, a few polls), so that it keeps
 * working: every contender answers completely, the channels are counted, the service is scraped and
 * measured. No figure is judged here: timings belong to bench/run on a quiet machine.
 */
@Timeout(300)
class BenchIT {

    @Test
    void theBenchmarkRunsEveryMeasurementOnATinyFleet() throws Exception {
        String report =
                FleetBench.run(
                        "--hosts",
                        "2",
                        "--rounds",
                        "1",
                        "--users",
                        "2",
                        "--watchers",
                        "3",
                        "--scrapes",
                        "5",
                        "--polls",
                        "2,4",
                        "--one-offs",
                        "1",
                        "--out",
                        "target/bench-smoke.md");
        assertThat(report)
                .contains(
                        "| 2 | ",
                        "| `barnum-cli u1@h001` | ",
                        "| `ssh h001 <the same commands>` | ",
                        "| between polls | ",
                        "| while polls run back to back, the hosts on the same cores | ",
                        "| while polls run back to back, the hosts on CPU ",
                        "| after polls | resident memory |");
        // two hosts, warm and cold: 2 channels per host per poll, whatever the number of users
        assertThat(report).containsPattern("\\| 2 \\|( [^|]+ \\|){6} 2\\.0 \\| 2\\.0 \\|");
    }
}
