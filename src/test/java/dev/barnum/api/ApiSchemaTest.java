package dev.barnum.api;

import static io.restassured.RestAssured.given;

import dev.barnum.report.BarnumSchema;
import dev.barnum.service.Poller;
import dev.barnum.testfleet.SeedFleetResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The REST API's answers over the seed fleet against {@code schema/barnum.schema.json}, the schema
 * {@code barnum-cli --output json} is held to as well (CliJsonTest): the fleet, a host, command
 * results (run and dry run) and a refusal.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@QuarkusTest
@WithTestResource(SeedFleetResource.class)
@Timeout(60)
class ApiSchemaTest {

    @Inject Poller poller;

    @BeforeEach
    void poll() {
        poller.pollOnce();
    }

    private static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viola", "viola-secret");
    }

    private static String command(Map<String, Object> body, int status) {
        return given().auth()
                .preemptive()
                .basic("otto", "otto-secret")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/commands")
                .then()
                .statusCode(status)
                .extract()
                .asString();
    }

    @Test
    void theFleetAndEachHostMatchTheSchema() {
        BarnumSchema.assertValid(
                "fleet", viewer().get("/api/v1/fleet").then().statusCode(200).extract().asString());
        for (String host : List.of("host1", "host2", "host3", "host4", "host5")) {
            BarnumSchema.assertValid(
                    "host",
                    viewer().get("/api/v1/hosts/" + host)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString());
        }
    }

    @Test
    void commandResultsMatchTheSchema() {
        BarnumSchema.assertValid(
                "commandResults",
                command(
                        Map.of("target", "host3", "args", List.of("numwatchers"), "dryRun", false),
                        200));
        BarnumSchema.assertValid(
                "commandResults",
                command(
                        Map.of(
                                "target",
                                "all",
                                "args",
                                List.of("stop", "watcher2"),
                                "dryRun",
                                true),
                        200));
    }

    @Test
    void aRefusalMatchesTheSchema() {
        BarnumSchema.assertValid(
                "error",
                command(
                        Map.of("target", "host9", "args", List.of("status"), "dryRun", false),
                        400));
    }
}
