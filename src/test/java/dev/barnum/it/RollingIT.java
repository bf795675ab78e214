package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.FleetChanges;
import dev.barnum.testfleet.Reply;
import dev.barnum.testfleet.SeedFleet;
import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C during a rolling command of the real {@code barnum-cli}: a real SIGINT while it pauses
 * between batches stops it before the next batch, and the report says what ran and what never
 * started.
 */
@Timeout(120)
class RollingIT {

    @Test
    void ctrlCBetweenBatchesStopsBeforeTheNextAndReportsIt() throws Exception {
        TestFleet fleet = SeedFleetResource.fleet();
        try (FleetChanges restart =
                fleet.changes()
                        .reply(
                                SeedFleet.HOST1,
                                SeedFleet.HOST1_USER1_ENDPOINT,
                                "--json restart watcher1",
                                Reply.of(
                                        "{\"status\": \"ok\", \"time\": 1795574713.5, \"id\": \"9a\"}\n"))) {
            // SIGINT as an interactive shell delivers it, even when this JVM was started with it
            // ignored (a background job's children inherit that)
            ProcessBuilder builder =
                    new ProcessBuilder(
                            "env",
                            "--default-signal=INT",
                            "./barnum-cli",
                            "host1",
                            "--batch",
                            "1",
                            "--pause",
                            "60s",
                            "--",
                            "--",
                            "restart",
                            "watcher1");
            builder.environment().putAll(TestFleet.environment(fleet.barnumConfig()));
            Process process = builder.directory(Path.of("").toAbsolutePath().toFile()).start();
            List<String> out = new ArrayList<>();
            try (BufferedReader lines =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.add(line);
                    if (line.startsWith("user1@host1: ")) {
                        // the first batch is over: the command now pauses for 60 s
                        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                                .inheritIO()
                                .start()
                                .waitFor();
                    }
                }
            }
            String err =
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(err).isEqualTo(130);
            assertThat(out)
                    .containsExactly(
                            "--- batch 1/2: user1@host1 ---",
                            "user1@host1: ok; settled: watcher1 active",
                            "rolling restart watcher1: 1 of 2 batches ran (1 pair), 0 failed (at most 0"
                                    + " allowed: --max-failures 0), 1 not started",
                            "stopped: cancelled before batch 2 of 2",
                            "not started: user2@host1 (batch 2)");
            assertThat(err)
                    .contains(
                            "barnum-cli: interrupted: no further batch starts (Ctrl-C again to stop at once)");
        }
    }
}
