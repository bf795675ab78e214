package dev.barnum.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.barnum.testfleet.FleetChanges;
import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the homes expect, polled by the service over the seed fleet: circus of user1 on host1 (its
 * circus.ini for host1) is there until its unit is removed from host1 or disabled; then every
 * surface says so, and {@code barnum_expected_unit_present} falls to 0. A host that stops answering
 * keeps the series of what it is expected to run.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@QuarkusTest
@WithTestResource(SeedFleetResource.class)
@Timeout(90)
class ExpectedUnitsTest {

    private static final String USER1_HOST1 =
            "barnum_expected_unit_present{host=\"host1\",user=\"user1\"} ";

    @Inject Poller poller;

    private final TestFleet fleet = SeedFleetResource.fleet();

    /** The fleet is back as it was: so is the snapshot the next test class reads. */
    @AfterEach
    void pollTheFleetAsItIs() {
        assertThat(poller.pollOnce()).isTrue();
    }

    @Test
    void aUnitRemovedFromItsHostIsExpectedButAbsentOnEverySurface() throws Exception {
        assertThat(poller.pollOnce()).isTrue();
        assertThat(metrics()).contains(USER1_HOST1 + "1.0");
        try (FleetChanges lost =
                fleet.changes().removeUnit("host1", "circus_user1_host1.service")) {
            assertThat(poller.pollOnce()).isTrue();
            assertThat(metrics())
                    .contains(USER1_HOST1 + "0.0")
                    .as("a unit systemd does not know has no state of its own")
                    .doesNotContain("unit=\"circus_user1_host1.service\"");
            given().auth()
                    .preemptive()
                    .basic("viola", "viola-secret")
                    .get("/api/v1/hosts/host1")
                    .then()
                    .statusCode(200)
                    .body("expected.presence", equalTo(List.of("not_installed", "disabled")))
                    .body("units.find { it.user == 'user1' }.expected", equalTo(true))
                    .body("units.find { it.user == 'user1' }.loadState", equalTo("not-found"));
            assertThat(
                            (String[])
                                    ManagementFactory.getPlatformMBeanServer()
                                            .getAttribute(
                                                    new ObjectName("barnum:type=Host,name=host1"),
                                                    "Expected"))
                    .containsExactly(
                            "user1 circus_user1_host1.service not_installed",
                            "user2 circus_user2_host1.service disabled");
        }
        assertThat(poller.pollOnce()).isTrue();
        assertThat(metrics()).as("installed again").contains(USER1_HOST1 + "1.0");
    }

    /** A disabled unit runs now, but no boot will start it again. */
    @Test
    void aDisabledUnitIsExpectedButAbsent() {
        try (FleetChanges disabled =
                fleet.changes()
                        .unitState(
                                "host1",
                                "circus_user1_host1.service",
                                "disabled",
                                "active",
                                "running")) {
            assertThat(poller.pollOnce()).isTrue();
            assertThat(metrics())
                    .contains(USER1_HOST1 + "0.0")
                    .contains(
                            "barnum_circusd_up{host=\"host1\",user=\"user1\"} 1.0",
                            "barnum_expected_unit_present{host=\"host1\",user=\"user2\"} 0.0");
        }
    }

    /** host2 stops answering: what it is expected to run keeps its series, as last seen. */
    @Test
    void theSeriesStaysWhileItsHostDoesNotAnswer() {
        assertThat(poller.pollOnce()).isTrue();
        try (FleetChanges down = fleet.changes().stopHost("host2")) {
            assertThat(poller.pollOnce()).isTrue();
            assertThat(metrics())
                    .contains(
                            "barnum_host_up{host=\"host2\"} 0.0",
                            "barnum_expected_unit_present{host=\"host2\",user=\"user1\"} 1.0",
                            "barnum_expected_unit_present{host=\"host4\",user=\"user2\"} 0.0");
        }
    }

    private static String metrics() {
        return given().accept("text/plain; version=0.0.4; charset=utf-8")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}
