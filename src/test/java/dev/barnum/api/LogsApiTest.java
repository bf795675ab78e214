package dev.barnum.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.barnum.testfleet.FleetChanges;
import dev.barnum.testfleet.SeedFleet;
import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /api/v1/hosts/{host}/users/{user}/logs[/{watcher}]} over the seed fleet's homes: the
 * viewer role, the tail, and each refusal with its status.
 */
@Tag("fleet") // a Quarkus application over the seed fleet: runs in verify
@QuarkusTest
@WithTestResource(SeedFleetResource.class)
@Timeout(60)
class LogsApiTest {

    private static final String LOGS = "/api/v1/hosts/host1/users/user1/logs";

    private final TestFleet fleet = SeedFleetResource.fleet();
    private FleetChanges homes;

    @BeforeEach
    void logs() {
        fleet.clearCalls();
        homes =
                fleet.changes()
                        .homeFile(
                                "user1",
                                "host1",
                                "circus.ini",
                                bytes(
                                        "[circus]\nendpoint = "
                                                + SeedFleet.HOST1_USER1_ENDPOINT
                                                + "\n\n[watcher:watcher1]\ncmd = sleep 3600\n"
                                                + "\n[watcher:quiet]\ncmd = sleep 3600\n"
                                                + "\n[watcher:syslogged]\ncmd = sleep 3600\n"
                                                + "stdout_stream.filename = /var/log/syslogged.log\n"))
                        .homeFile(
                                "user1", "host1", "watcher1.stdout.log", bytes("one\ntwo\nthree\n"))
                        .homeFile("user1", "host1", "watcher1.stderr.log", bytes("oops\n"))
                        .homeFile("user1", "host1", "circus.log", bytes("arbiter started\n"));
    }

    @AfterEach
    void putBack() {
        homes.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viola", "viola-secret");
    }

    @Test
    void aViewerReadsTheTailOfAWatchersLog() {
        viewer().get(LOGS + "/watcher1?lines=2")
                .then()
                .statusCode(200)
                .body("host", equalTo("host1"))
                .body("user", equalTo("user1"))
                .body("watcher", equalTo("watcher1"))
                .body("stream", equalTo("stdout"))
                .body(
                        "file",
                        equalTo(
                                fleet.circusIni("user1", "host1")
                                        .resolveSibling("watcher1.stdout.log")
                                        .toString()))
                .body("lines", equalTo(List.of("two", "three")))
                .body("bytesRead", equalTo(14))
                .body("notes", equalTo(List.of()));
        viewer().get(LOGS + "/watcher1?stream=stderr")
                .then()
                .statusCode(200)
                .body("stream", equalTo("stderr"))
                .body("lines", equalTo(List.of("oops")));
        viewer().get(LOGS)
                .then()
                .statusCode(200)
                .body("watcher", nullValue())
                .body("stream", equalTo("circus"))
                .body("lines", equalTo(List.of("arbiter started")));
        assertThat(fleet.calls("host1")).as("logs are read from the homes, not the host").isEmpty();
    }

    @Test
    void theOpenApiDocumentDescribesTheLogReads() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.keySet()", hasItem("/api/v1/hosts/{host}/users/{user}/logs"))
                .body(
                        "paths.keySet()",
                        hasItem("/api/v1/hosts/{host}/users/{user}/logs/{watcher}"));
    }

    @Test
    void logsNeedCredentials() {
        given().get(LOGS + "/watcher1").then().statusCode(401);
        given().auth()
                .preemptive()
                .basic("viola", "wrong")
                .get(LOGS + "/watcher1")
                .then()
                .statusCode(401);
    }

    @Test
    void whatCannotBeShownSaysWhyWithItsStatus() {
        viewer().get(LOGS + "/nosuch")
                .then()
                .statusCode(404)
                .body("error", startsWith("user1@host1: "))
                .body(
                        "error",
                        endsWith(
                                " defines no watcher 'nosuch'; it defines: watcher1, quiet, syslogged"));
        viewer().get(LOGS + "/quiet")
                .then()
                .statusCode(404)
                .body("error", startsWith("user1@host1: quiet's stdout log: "))
                .body("error", endsWith("quiet.stdout.log does not exist"));
        viewer().get(LOGS + "/syslogged")
                .then()
                .statusCode(409)
                .body(
                        "error",
                        startsWith(
                                "user1@host1: syslogged's stdout log is /var/log/syslogged.log"));
        viewer().get("/api/v1/hosts/host1/users/user9/logs/watcher1")
                .then()
                .statusCode(404)
                .body("error", startsWith("no circus for user9@host1"));
        // HTTP resolves a ".." segment, however encoded, before any resource sees it
        viewer().urlEncodingEnabled(false)
                .get(LOGS + "/%2E%2E")
                .then()
                .statusCode(404)
                .body(not(containsString("lines")));
        viewer().urlEncodingEnabled(false)
                .get(LOGS + "/a%2Fb")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid watcher name 'a/b': it holds a '/'"));
    }

    @Test
    void badLinesAndStreamsAreRefused() {
        for (String lines : List.of("0", "-1", "10001", "99999999999", "many")) {
            viewer().get(LOGS + "/watcher1?lines=" + lines)
                    .then()
                    .statusCode(400)
                    .body("error", startsWith("lines '" + lines + "'"))
                    .body("error", endsWith(": expected a number of lines from 1 to 10000"));
        }
        viewer().get(LOGS + "/watcher1?stream=both")
                .then()
                .statusCode(400)
                .body("error", equalTo("stream 'both': expected stdout or stderr"));
    }
}
