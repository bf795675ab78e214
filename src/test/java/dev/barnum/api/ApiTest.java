package dev.barnum.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.barnum.service.Poller;
import dev.barnum.testfleet.FleetChanges;
import dev.barnum.testfleet.Reply;
import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REST API over the seed fleet: reads, commands, refusals, security and the audit line. */
@Tag("fleet") // real sshds or servers: runs in verify
@QuarkusTest
@WithTestResource(SeedFleetResource.class)
@Timeout(60)
class ApiTest {

    @Inject Poller poller;

    private final TestFleet fleet = SeedFleetResource.fleet();
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Handler auditHandler =
            new Handler() {
                @Override
                public void publish(LogRecord record) {
                    audit.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    @BeforeEach
    void pollAndListen() {
        poller.pollOnce();
        fleet.clearCalls();
        Logger.getLogger("barnum.audit").addHandler(auditHandler);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("barnum.audit").removeHandler(auditHandler);
    }

    private static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viola", "viola-secret");
    }

    private static RequestSpecification operator() {
        return given().auth().preemptive().basic("otto", "otto-secret");
    }

    private static Map<String, Object> command(String target, String... args) {
        return Map.of("target", target, "args", List.of(args), "dryRun", false);
    }

    // --- reads ---

    @Test
    void theFleetIsTheLastSnapshotWithFailuresAndReasons() {
        viewer().get("/api/v1/fleet")
                .then()
                .statusCode(200)
                .body("hosts.host", equalTo(List.of("host1", "host2", "host3", "host4", "host5")))
                .body("hosts.find { it.host == 'host1' }.up", equalTo(true))
                .body(
                        "hosts.find { it.host == 'host1' }.units.find { it.user == 'user1' }.circus.watchers.watcher1",
                        equalTo("active"))
                .body(
                        "hosts.find { it.host == 'host1' }.units.find { it.user == 'user1' }.circus.processes.watcher1",
                        equalTo(2))
                .body(
                        "hosts.find { it.host == 'host1' }.units.find { it.user == 'user2' }.circus.status",
                        equalTo("not_expected"))
                .body("hosts.find { it.host == 'host4' }.up", equalTo(false))
                .body("hosts.find { it.host == 'host4' }.failureReason", equalTo("refused"))
                .body("hosts.find { it.host == 'host5' }.failureReason", equalTo("hostkey"))
                .body(
                        "hosts.find { it.host == 'host3' }.units.find { it.user == 'user2' }.circus.status",
                        equalTo("not_answering"));
        assertThat(fleet.calls("host1")).as("a read never reaches a host").isEmpty();
    }

    /**
     * What the homes expect on each host, whether or not it answered, and which units no circus.ini
     * names: user2's disabled unit on host1 is expected, user3's on host2 is neither (not in
     * circus_users.yaml, but its home has a circus.ini for host2), user4's is unexpected; host4 has
     * never answered.
     */
    @Test
    void eachHostSaysWhatTheHomesExpectThereAndWhatIsUnexpected() {
        viewer().get("/api/v1/fleet")
                .then()
                .statusCode(200)
                .body(
                        "hosts.find { it.host == 'host1' }.expected.user",
                        equalTo(List.of("user1", "user2")))
                .body(
                        "hosts.find { it.host == 'host1' }.expected.presence",
                        equalTo(List.of("present", "disabled")))
                .body(
                        "hosts.find { it.host == 'host1' }.expected[1].ini",
                        equalTo(fleet.home("user2").resolve("host1/circus.ini").toString()))
                .body(
                        "hosts.find { it.host == 'host1' }.units.find { it.user == 'user2' }.expected",
                        equalTo(true))
                .body(
                        "hosts.find { it.host == 'host2' }.units.find { it.user == 'user3' }.expected",
                        equalTo(false))
                .body(
                        "hosts.find { it.host == 'host2' }.units.find { it.user == 'user3' }.unexpected",
                        equalTo(false))
                .body(
                        "hosts.find { it.host == 'host2' }.units.find { it.user == 'user4' }.unexpected",
                        equalTo(true))
                .body(
                        "hosts.find { it.host == 'host3' }.expected.presence",
                        equalTo(List.of("present", "circusd_down")))
                .body("hosts.find { it.host == 'host4' }.expected.user", equalTo(List.of("user2")))
                .body(
                        "hosts.find { it.host == 'host4' }.expected.presence",
                        equalTo(List.of("unknown")));
    }

    @Test
    void oneHost() {
        viewer().get("/api/v1/hosts/host3")
                .then()
                .statusCode(200)
                .body("host", equalTo("host3"))
                .body(
                        "units.unit",
                        equalTo(
                                List.of(
                                        "circus_user1_host3.service",
                                        "circus_user2_host3.service",
                                        "circus_user5_host3.service")))
                .body("units[0].circus.watchers.idle", equalTo("stopped"))
                .body("units[2].activeState", equalTo("failed"));
        viewer().get("/api/v1/hosts/nosuch").then().statusCode(404);
    }

    @Test
    void readsNeedCredentials() {
        given().get("/api/v1/fleet").then().statusCode(401);
        given().auth()
                .preemptive()
                .basic("viola", "wrong")
                .get("/api/v1/fleet")
                .then()
                .statusCode(401);
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.keySet()", hasItem("/api/v1/commands"))
                .body("paths.keySet()", hasItem("/api/v1/fleet"));
    }

    @Test
    void readinessFollowsTheFirstPoll() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'fleet-snapshot' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void anUnreadableUsersFileMakesTheServiceUnreadyAndIsLoggedOncePerChange() {
        java.nio.file.Path users = fleet.usersFile();
        List<String> errors = new CopyOnWriteArrayList<>();
        Handler handler =
                new Handler() {
                    @Override
                    public void publish(LogRecord record) {
                        errors.add(
                                record.getLevel()
                                        + " "
                                        + new java.util.logging.SimpleFormatter()
                                                .formatMessage(record));
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        Logger log = Logger.getLogger(Poller.class.getName());
        java.util.logging.Level level = log.getLevel();
        log.setLevel(java.util.logging.Level.INFO);
        log.addHandler(handler);
        try {
            try (FleetChanges malformed = fleet.changes().usersFile("- user1\n- {user2\n")) {
                for (int i = 0; i < 3; i++) {
                    poller.pollOnce();
                }
                given().get("/q/health/ready")
                        .then()
                        .statusCode(503)
                        .body(
                                "checks.find { it.name == 'fleet-snapshot' }.data.reason",
                                startsWith(
                                        "polls stopped, the fleet's configuration cannot be read: "
                                                + users
                                                + ":3: malformed YAML"));
                assertThat(errors)
                        .singleElement()
                        .asString()
                        .startsWith(
                                "ERROR polls skipped until the fleet's configuration can be read: "
                                        + users
                                        + ":3: malformed YAML");
            }
            // the users file as it was
            poller.pollOnce();
            poller.pollOnce();
            given().get("/q/health/ready").then().statusCode(200);
            assertThat(errors)
                    .hasSize(2)
                    .last()
                    .isEqualTo("INFO the fleet's configuration can be read again: polling");
        } finally {
            log.removeHandler(handler);
            log.setLevel(level);
        }
    }

    // --- commands ---

    @Test
    void commandsNeedTheOperatorRole() {
        given().contentType(ContentType.JSON)
                .body(command("user1@host1", "status"))
                .post("/api/v1/commands")
                .then()
                .statusCode(401);
        viewer().contentType(ContentType.JSON)
                .body(command("user1@host1", "status"))
                .post("/api/v1/commands")
                .then()
                .statusCode(403);
        assertThat(fleet.calls("host1")).isEmpty();
    }

    @Test
    void aCommandRunsOnTheTargetAndAnswersOneResultPerPair() {
        operator()
                .contentType(ContentType.JSON)
                .body(command("user1@host1", "status", "watcher1"))
                .post("/api/v1/commands")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].host", equalTo("host1"))
                .body("[0].user", equalTo("user1"))
                .body(
                        "[0].argv",
                        equalTo(
                                List.of(
                                        "circusctl",
                                        "--endpoint",
                                        "tcp://host1:5775",
                                        "--timeout",
                                        "1",
                                        "--json",
                                        "status",
                                        "watcher1")))
                .body("[0].exitStatus", equalTo(0))
                .body("[0].stdout", startsWith("{\"status\": \"active\""))
                .body("[0].outcome", equalTo("OK"));
        assertThat(fleet.calls("host1"))
                .containsExactly(
                        "circusctl --endpoint tcp://host1:5775 --timeout 1 --json status watcher1");
        assertThat(audit)
                .singleElement()
                .asString()
                .startsWith(
                        "who=otto target=user1@host1 host=host1 user=user1 argv=[circusctl, "
                                + "--endpoint, tcp://host1:5775, --timeout, 1, --json, status, watcher1] outcome=ok duration=");
        given().accept("text/plain; version=0.0.4")
                .get("/q/metrics")
                .then()
                .body(
                        org.hamcrest.Matchers.containsString(
                                "barnum_commands_total{action=\"status\",outcome=\"ok\",}"));
    }

    @Test
    void aHostTargetReachesEveryUserAndSaysWhySomeWereSkipped() {
        operator()
                .contentType(ContentType.JSON)
                .body(command("host1", "numwatchers"))
                .post("/api/v1/commands")
                .then()
                .statusCode(200)
                .body("user", equalTo(List.of("user1", "user2")))
                .body("outcome", equalTo(List.of("ERROR", "SKIPPED")))
                .body("[1].message", equalTo("circus_user2_host1.service is not running"));
    }

    @Test
    void aRollingCommandStopsAtTheFailureLimitAndSaysWhatNeverStarted() {
        try (FleetChanges restart =
                fleet.changes()
                        .reply(
                                dev.barnum.testfleet.SeedFleet.HOST3,
                                dev.barnum.testfleet.SeedFleet.HOST3_USER1_ENDPOINT,
                                "--json restart idle",
                                Reply.of(
                                        "{\"status\": \"ok\", \"time\": 1.5, \"id\": \"9a\"}\n"))) {
            operator()
                    .contentType(ContentType.JSON)
                    .body(
                            Map.of(
                                    "target", "host3",
                                    "args", List.of("restart", "idle"),
                                    "batch", "1",
                                    "maxFailures", "0",
                                    "settle", "1s"))
                    .post("/api/v1/commands")
                    .then()
                    .statusCode(200)
                    .body("batch", equalTo("1"))
                    .body("batches", equalTo(3))
                    .body("batchesRun", equalTo(1))
                    .body("failures", equalTo(1))
                    .body("ran.size()", equalTo(1))
                    .body("ran[0].batch", equalTo(1))
                    .body("ran[0].command.user", equalTo("user1"))
                    .body("ran[0].command.outcome", equalTo("OK"))
                    .body("ran[0].settling", equalTo("UNSETTLED"))
                    .body("ran[0].settled", equalTo("idle stopped (expected active) after 1000 ms"))
                    .body("notStarted.user", equalTo(List.of("user2", "user5")))
                    .body("notStarted.batch", equalTo(List.of(2, 3)))
                    .body(
                            "stopped",
                            equalTo("1 pair failed, more than --max-failures 0 allows (0 of 3)"));
        }
        assertThat(fleet.calls("host3"))
                .filteredOn(call -> call.contains("restart"))
                .containsExactly(
                        "circusctl --endpoint tcp://127.0.0.1:5555 --timeout 1 --json restart idle");
        assertThat(audit)
                .hasSize(2)
                .last()
                .asString()
                .isEqualTo(
                        "who=otto target=host3 args=[restart, idle] rolling batch=1 max-failures=0"
                                + " batches=1/3 ran=1 failures=1 not-started=2 outcome=stopped"
                                + " message=\"1 pair failed, more than --max-failures 0 allows (0 of 3)\"");
    }

    @Test
    void aRollingDryRunShowsTheBatchesAndExecutesNothing() {
        operator()
                .contentType(ContentType.JSON)
                .body(
                        Map.of(
                                "target",
                                "all",
                                "args",
                                List.of("restart", "watcher1"),
                                "dryRun",
                                true,
                                "batch",
                                "50%"))
                .post("/api/v1/commands")
                .then()
                .statusCode(200)
                .body("stopped", equalTo(null))
                .body("ran.command.outcome", hasItem("DRY_RUN"))
                .body("ran.batch", hasItem(2));
        nothingRan();
    }

    @Test
    void aRollingPlanThatCannotWorkIsRefused() {
        refused(
                Map.of("target", "all", "args", List.of("restart", "watcher1"), "batch", "0%"),
                "--batch: 0% is out of range (1% to 100%)");
        nothingRan();
    }

    @Test
    void aDryRunExecutesNothing() {
        operator()
                .contentType(ContentType.JSON)
                .body(Map.of("target", "all", "args", List.of("stop", "watcher2"), "dryRun", true))
                .post("/api/v1/commands")
                .then()
                .statusCode(200)
                .body(
                        "find { it.host == 'host2' && it.user == 'user1' }.outcome",
                        equalTo("DRY_RUN"))
                .body(
                        "find { it.host == 'host2' && it.user == 'user1' }.message",
                        equalTo(
                                "would execute: ssh -q host2 circusctl --endpoint tcp://host2:8385 --timeout 1 --json stop watcher2"))
                .body(
                        "find { it.host == 'host1' && it.user == 'user1' }.outcome",
                        equalTo("SKIPPED"));
        nothingRan();
    }

    @Test
    void refusalsAreClearAndRunNothing() {
        refused(command("user1@host1", "quit"), "circus command 'quit' is not allowed");
        refused(command("all", "restart"), "restart needs a watcher name");
        refused(
                command("user1@host1", "stop", "nosuch"),
                "unknown watcher 'nosuch' on user1@host1 at the last poll");
        refused(command("host9", "status"), "unknown host 'host9': not in the fleet's last poll");
        refused(command("user7@host1", "status"), "unknown target 'user7@host1'");
        refused(command("host1;reboot", "status"), "invalid target 'host1;reboot'");
        refused(
                command("user1@host1", "stop", "web;reboot"),
                "refusing circus argument 'web;reboot'");
        refused(Map.of("args", List.of("status")), "target is required");
        refused(command("user1@host1"), "no circus command given");
        refused(
                command("user2@host3", "--endpoint=tcp://127.0.0.1:5555", "status"),
                "refusing circus option '--endpoint=");
        refused(
                command("user2@host3", "status", "--ssh", "root@elsewhere"),
                "refusing circus option '--ssh'");
        refused(
                Map.of("target", "user1@host1", "args", java.util.Arrays.asList("status", null)),
                "circus argument 2 is null: every argument must be a string");
        for (String host : fleet.hosts()) {
            assertThat(fleet.calls(host)).isEmpty();
        }
        assertThat(audit)
                .as("every refusal is audited with who and why")
                .hasSize(12)
                .allMatch(
                        line ->
                                line.startsWith("who=otto target=")
                                        && line.contains(" outcome=refused message=\""));
        assertThat(audit)
                .contains(
                        "who=otto target=all args=[restart] outcome=refused message=\"restart needs a watcher name:"
                                + " restarting the whole arbiter stops circusd on tcp endpoints; to restart every watcher, name them all: restart '*'\"");
    }

    @Test
    void aRefusedWordCannotForgeAnAuditLine() {
        refused(
                command("user1@host1", "stop", "web\nwho=root outcome=ok"),
                "refusing circus argument 'web");
        assertThat(audit)
                .singleElement()
                .asString()
                .doesNotContain("\n")
                .contains("args=[stop, web\\nwho=root outcome=ok] outcome=refused");
    }

    @Test
    void publicPathsIgnoreCredentials() {
        for (String path : List.of("/q/metrics", "/q/health/live", "/q/openapi")) {
            given().auth()
                    .preemptive()
                    .basic("viola", "stale-password")
                    .get(path)
                    .then()
                    .statusCode(200);
            given().auth().preemptive().basic("nobody", "x").get(path).then().statusCode(200);
        }
        given().auth()
                .preemptive()
                .basic("viola", "stale-password")
                .get("/api/v1/fleet")
                .then()
                .statusCode(401);
    }

    private void nothingRan() {
        for (String host : fleet.hosts()) {
            assertThat(fleet.calls(host)).as(host).isEmpty();
        }
    }

    private static void refused(Map<String, Object> body, String message) {
        operator()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/commands")
                .then()
                .statusCode(400)
                .body("error", startsWith(message));
    }

    @Test
    void aBusyArbiterIsRetriedUntilItAccepts() {
        String endpoint = "tcp://host1:5775";
        // circusd is busy for the first attempt alone (the shim swaps in the second reply after
        // answering)
        try (FleetChanges busyOnce =
                fleet.changes()
                        .replies(
                                "host1",
                                endpoint,
                                "--json start watcher1",
                                Reply.fixture("json-errno5-conflict"),
                                Reply.fixture("json-start-one"))) {
            operator()
                    .contentType(ContentType.JSON)
                    .body(command("user1@host1", "start", "watcher1"))
                    .post("/api/v1/commands")
                    .then()
                    .statusCode(200)
                    .body("[0].outcome", equalTo("OK"))
                    .body("[0].retries", equalTo(1));
            assertThat(fleet.calls("host1"))
                    .as("refused once, accepted on retry")
                    .hasSize(2)
                    .allMatch(
                            call ->
                                    call.equals(
                                            "circusctl --endpoint tcp://host1:5775 --timeout 1 --json start watcher1"));
        }
    }

    @Test
    void aBusyArbiterIsRetriedABoundedNumberOfTimes() {
        String endpoint = "tcp://host1:5775";
        try (FleetChanges busy =
                fleet.changes()
                        .reply(
                                "host1",
                                endpoint,
                                "--json stop watcher1",
                                Reply.fixture("json-errno5-conflict"))) {
            operator()
                    .contentType(ContentType.JSON)
                    .body(command("user1@host1", "stop", "watcher1"))
                    .post("/api/v1/commands")
                    .then()
                    .statusCode(200)
                    .body("[0].outcome", equalTo("ERROR"))
                    .body(
                            "[0].message",
                            equalTo("errno 5: arbiter is already running watcher_stop command"))
                    .body("[0].retries", equalTo(3));
            assertThat(fleet.calls("host1")).as("the first attempt and 3 retries").hasSize(4);
            assertThat(audit)
                    .singleElement()
                    .asString()
                    .contains(" outcome=error ")
                    .contains(" retries=3 ");
        }
    }
}
