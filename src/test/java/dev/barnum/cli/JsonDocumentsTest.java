package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barnum.bailey.CommandReport;
import dev.barnum.bailey.PairOutput;
import dev.barnum.circus.WatcherState;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.report.BarnumSchema;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.Failure;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import dev.barnum.systemd.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The CLI's JSON documents against the REST API's schema, every kind of finding and outcome; and
 * the schema itself refusing what does not match it.
 */
class JsonDocumentsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static UnitStatus status(String user, String host, ActiveState state, String sub) {
        String id = "circus_" + user + "_" + host + ".service";
        return new UnitStatus(
                id, "loaded", "enabled", state, sub, user, "/etc/systemd/system/" + id);
    }

    private static UnitReport unit(String user, String host, CircusFinding circus) {
        return new UnitReport(
                status(user, host, ActiveState.ACTIVE, "running"), user, true, circus);
    }

    /** One (user, host1) of a passthrough command: a running unit, unless nothing ran. */
    private static PairOutput pair(String user, PairOutput.Reply reply) {
        boolean running =
                reply.match(printed -> true, notRun -> notRun.why().askedAt().isPresent());
        return new PairOutput(
                running
                        ? status(user, "host1", ActiveState.ACTIVE, "running")
                        : status(user, "host1", ActiveState.INACTIVE, "dead"),
                user,
                reply);
    }

    private static FleetSnapshot everyKindOfFinding() {
        TreeMap<String, WatcherState> watchers = new TreeMap<>();
        watchers.put("web", WatcherState.ACTIVE);
        watchers.put("idle", WatcherState.STOPPED);
        TreeMap<String, Integer> processes = new TreeMap<>();
        processes.put("web", 3);
        HostReport host1 =
                new HostReport(
                        "host1",
                        T0,
                        Duration.ofMillis(25),
                        Optional.empty(),
                        List.of(
                                unit(
                                        "user1",
                                        "host1",
                                        new CircusFinding.Watchers(
                                                "tcp://127.0.0.1:5555", watchers, processes)),
                                new UnitReport(
                                        status("user2", "host1", ActiveState.INACTIVE, "dead"),
                                        "user2",
                                        true,
                                        new CircusFinding.NotExpected()),
                                unit(
                                        "user3",
                                        "host1",
                                        new CircusFinding.NotAnswering("tcp://127.0.0.1:5599")),
                                unit(
                                        "user4",
                                        "host1",
                                        new CircusFinding.Failed(
                                                new Failure(Reason.PARSE, "circus.ini: bad")))));
        HostReport host2 =
                HostReport.failed(
                        "host2",
                        T0,
                        Duration.ofMillis(3),
                        new Failure(Reason.REFUSED, "host2: Connection refused"));
        return new FleetSnapshot(T0, Duration.ofMillis(30), List.of(host1, host2));
    }

    @Test
    void aReportIsTheFleetViewAndTellsWhenEachHostLastAnswered() {
        JsonNode fleet =
                BarnumSchema.assertValid("fleet", JsonDocuments.fleet(everyKindOfFinding()));
        assertThat(fleet.path("polledAt").asText()).isEqualTo("2026-11-25T03:00:00Z");
        JsonNode host1 = fleet.path("hosts").get(0);
        assertThat(host1.path("lastSuccess").asText()).isEqualTo("2026-11-25T03:00:00.025Z");
        assertThat(host1.path("units").get(0).path("circus").path("watchers").path("idle").asText())
                .isEqualTo("stopped");
        assertThat(host1.path("units").findValuesAsText("status"))
                .containsExactly("answered", "not_expected", "not_answering", "failed");
        JsonNode host2 = fleet.path("hosts").get(1);
        assertThat(host2.path("up").asBoolean()).isFalse();
        assertThat(host2.path("failureReason").asText()).isEqualTo("refused");
        assertThat(host2.path("lastSuccess").isNull()).isTrue();
    }

    @Test
    void theSchemaRefusesAMissingOrAnUnknownField() throws Exception {
        String document = JsonDocuments.fleet(everyKindOfFinding());
        ObjectNode missing = (ObjectNode) JSON.readTree(document);
        ((ObjectNode) missing.path("hosts").get(0)).remove("circusTransport");
        assertThat(BarnumSchema.problems("fleet", missing.toString()))
                .anySatisfy(problem -> assertThat(problem).contains("circusTransport"));
        ObjectNode extra = (ObjectNode) JSON.readTree(document);
        ((ObjectNode) extra.path("hosts").get(0).path("units").get(0)).put("surprise", 1);
        assertThat(BarnumSchema.problems("fleet", extra.toString()))
                .anySatisfy(problem -> assertThat(problem).contains("surprise"));
        ObjectNode badState = (ObjectNode) JSON.readTree(document);
        ((ObjectNode) badState.path("hosts").get(0).path("units").get(0).path("circus"))
                .with("watchers")
                .put("web", "sleeping");
        assertThat(BarnumSchema.problems("fleet", badState.toString())).isNotEmpty();
        assertThat(BarnumSchema.problems("commandResults", document)).isNotEmpty();
    }

    @Test
    void aPassthroughCommandIsOneResultPerPairWithCircusctlsOutputVerbatim() throws Exception {
        List<String> argv =
                List.of(
                        "circusctl",
                        "--endpoint",
                        "tcp://127.0.0.1:5555",
                        "--timeout",
                        "1",
                        "stats");
        CommandReport host1 =
                new CommandReport(
                        "host1",
                        T0,
                        Duration.ofMillis(40),
                        Optional.empty(),
                        List.of(
                                pair(
                                        "user1",
                                        new PairOutput.Printed(
                                                "tcp://127.0.0.1:5555",
                                                new ExecResult(
                                                        argv,
                                                        0,
                                                        "web:\n 1: sleep \"quoted\"\ttab\n",
                                                        "",
                                                        Duration.ofMillis(12)))),
                                pair(
                                        "user2",
                                        new PairOutput.Printed(
                                                "tcp://127.0.0.1:5565",
                                                new ExecResult(
                                                        argv, 3, "error\n", "", Duration.ZERO))),
                                pair(
                                        "user3",
                                        new PairOutput.NotRun(new CircusFinding.NotExpected())),
                                pair(
                                        "user4",
                                        new PairOutput.NotRun(
                                                new CircusFinding.NotAnswering(
                                                        "tcp://127.0.0.1:5599")))));
        CommandReport host2 =
                CommandReport.failed(
                        "host2",
                        T0,
                        Duration.ofMillis(10_000),
                        new Failure(Reason.TIMEOUT, "host2: no answer within 10000 ms"));
        String document =
                JsonDocuments.results(
                        PassthroughResults.of(
                                List.of(host1, host2),
                                Optional.empty(),
                                endpoint -> List.of("circusctl", "--endpoint", endpoint, "stats")));
        JsonNode results = BarnumSchema.assertValid("commandResults", document);
        assertThat(results.findValuesAsText("outcome"))
                .containsExactly("OK", "ERROR", "SKIPPED", "TIMEOUT", "TIMEOUT");
        assertThat(results.get(0).path("stdout").asText())
                .isEqualTo("web:\n 1: sleep \"quoted\"\ttab\n");
        assertThat(results.get(0).path("exitStatus").asInt()).isZero();
        assertThat(results.get(0).path("durationMillis").asLong()).isEqualTo(12);
        assertThat(results.get(1).path("message").asText()).isEqualTo("circusctl exited 3: error");
        assertThat(results.get(3).path("argv").toString())
                .isEqualTo("[\"circusctl\",\"--endpoint\",\"tcp://127.0.0.1:5599\",\"stats\"]");
        assertThat(results.get(4).path("user").isNull()).isTrue();
        assertThat(results.get(4).path("message").asText())
                .isEqualTo("host2: no answer within 10000 ms");
        assertThat(document).endsWith("}]\n").doesNotContain("\n{");
    }

    /** The REST API's command results, as Jackson writes them, with every outcome there is. */
    @Test
    void everyOutcomeOfACommandIsOneTheSchemaNames() throws Exception {
        for (dev.barnum.commands.Outcome outcome : dev.barnum.commands.Outcome.values()) {
            dev.barnum.commands.CommandResult result =
                    new dev.barnum.commands.CommandResult(
                            "host1",
                            "user1",
                            List.of("circus", "tcp://host1:5775", "{\"command\":\"status\"}"),
                            null,
                            "",
                            "",
                            3,
                            outcome,
                            null,
                            0);
            BarnumSchema.assertValid("commandResult", JSON.writeValueAsString(result));
        }
    }

    @Test
    void aRefusalIsTheRestApisErrorBody() {
        JsonNode error =
                BarnumSchema.assertValid(
                        "error", JsonDocuments.error("unknown host 'host9'\nsecond problem"));
        assertThat(error.path("error").asText()).isEqualTo("unknown host 'host9'\nsecond problem");
    }

    @Test
    void everyDefinitionOfTheSchemaIsADocumentOrAPartOfOne() {
        assertThat(BarnumSchema.definitions())
                .contains("fleet", "host", "commandResults", "commandResult", "error");
    }
}
