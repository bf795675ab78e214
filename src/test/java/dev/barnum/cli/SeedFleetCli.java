package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the CLI's tests over the seed fleet share: the fleet (see SeedFleet), its hosts' calls
 * cleared before each test, a run of {@code barnum-cli} in this JVM, and the check that nothing ran
 * on any host.
 */
abstract class SeedFleetCli {

    static TestFleet fleet;

    @BeforeAll
    static void seedFleet() {
        fleet = SeedFleetResource.fleet();
    }

    @BeforeEach
    void clearCalls() {
        fleet.clearCalls();
    }

    static CliRun run(String... args) {
        return CliRun.of(fleet.barnumConfig(), args);
    }

    static CliRun run(Map<String, String> overrides, String... args) {
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.putAll(overrides);
        return CliRun.of(config, args);
    }

    static void assertNothingExecuted() {
        for (String host : fleet.hosts()) {
            assertThat(fleet.calls(host)).as("commands run on " + host).isEmpty();
        }
    }
}
