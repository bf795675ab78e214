package dev.barnum.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestClock;
import dev.barnum.testfleet.SeedFleetResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Before the first poll: not ready, nothing to read. After it: the whole {@code /q/metrics} text of
 * Barnum's series for the seed fleet after one poll, against a golden file. The clock is stopped,
 * so durations are 0 and the last success is a known instant.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@QuarkusTest
@TestProfile(MetricsGoldenTest.OwnApp.class)
@WithTestResource(SeedFleetResource.class)
class MetricsGoldenTest {

    /** An application of its own, so that no other test's polls or commands count here. */
    public static class OwnApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("barnum.metrics.state-encoding", "full");
        }
    }

    static final Path GOLDEN = Path.of("src/test/resources/golden/metrics-seed-fleet.txt");

    @Inject Poller poller;

    @Inject TestClock clock;

    @Test
    void barnumSeriesMatchTheGoldenFile() throws IOException {
        given().get("/q/health/ready").then().statusCode(503);
        given().auth()
                .preemptive()
                .basic("viola", "viola-secret")
                .get("/api/v1/fleet")
                .then()
                .statusCode(503);
        try (TestClock.Stopped stopped = clock.stopAt(Instant.parse("2026-11-25T03:00:00Z"))) {
            assertThat(poller.pollOnce()).isTrue();
        }
        String metrics =
                given().accept("text/plain; version=0.0.4; charset=utf-8")
                        .get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();
        String barnum = canonical(metrics);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, barnum);
        }
        assertThat(barnum).isEqualTo(Files.readString(GOLDEN));
    }

    /**
     * Barnum's families only, in name order, each with its HELP and TYPE lines and its samples
     * sorted (the registry's own order follows hashing, not meaning).
     */
    static String canonical(String exposition) {
        java.util.SortedMap<String, java.util.List<String>> families = new java.util.TreeMap<>();
        String family = null;
        for (String line : exposition.lines().toList()) {
            if (line.startsWith("# HELP ")) {
                family = line.split(" ")[2];
                families.computeIfAbsent(family, f -> new java.util.ArrayList<>()).add(line);
            } else if (family != null
                    && family.startsWith("barnum_")
                    && !line.startsWith("# EOF")) {
                families.get(family).add(line);
            }
        }
        StringBuilder out = new StringBuilder();
        families.forEach(
                (name, lines) -> {
                    if (name.startsWith("barnum_")) {
                        out.append(lines.get(0)).append('\n').append(lines.get(1)).append('\n');
                        lines.subList(2, lines.size()).stream()
                                .sorted()
                                .forEach(sample -> out.append(sample).append('\n'));
                    }
                });
        return out.toString();
    }
}
