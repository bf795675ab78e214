package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barnum.circus.wire.CircusPeer;
import dev.barnum.report.BarnumSchema;
import dev.barnum.testfleet.TestFleet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rolling command from the CLI over real sshds and real ZMTP peers, each a circusd that keeps its
 * watchers' states: batches in order, each settled before the next, a watcher that never comes back
 * stopping the command, and what never started.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(120)
class RollingCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PAIRS = {
        "user1@alpha", "user2@alpha", "user1@beta", "user2@beta", "user1@gamma"
    };

    /** Every command any circusd received, in the order received: "user1@alpha restart web". */
    private static final List<String> received = Collections.synchronizedList(new ArrayList<>());

    private static final Map<String, Circusd> circusds = new TreeMap<>();
    private static TestFleet fleet;

    /** A circusd whose watchers web and db change as commands say; a stuck one never restarts. */
    static final class Circusd {
        final String name;
        final CircusPeer peer;
        final Map<String, String> states = Collections.synchronizedMap(new TreeMap<>());
        volatile boolean stuck;

        Circusd(String name) {
            this.name = name;
            this.peer = new CircusPeer(this::answer);
        }

        void reset() {
            states.put("web", "active");
            states.put("db", "active");
            stuck = false;
        }

        private String answer(String request) {
            try {
                JsonNode message = JSON.readTree(request);
                String command = message.path("command").asText();
                String watcher = message.path("properties").path("name").asText("");
                if (!command.equals("status") && !command.equals("list")) {
                    received.add(name + " " + command + " " + watcher);
                }
                switch (command) {
                    case "stop" -> states.put(watcher, "stopped");
                    case "restart", "start" -> states.put(watcher, stuck ? "stopped" : "active");
                    default -> {}
                }
                var reply = JSON.createObjectNode();
                if (command.equals("status")) {
                    reply.set("statuses", JSON.valueToTree(new TreeMap<>(states)));
                } else if (command.equals("list")) {
                    reply.set("pids", JSON.valueToTree(List.of(101)));
                }
                reply.put("status", "ok").put("time", 1.0).put("id", CircusPeer.idOf(request));
                return reply.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeAll
    static void start() {
        var spec = TestFleet.builder().overCircusProtocol().users("user1", "user2");
        for (String pair : PAIRS) {
            String user = pair.substring(0, pair.indexOf('@'));
            String host = pair.substring(pair.indexOf('@') + 1);
            Circusd circusd = new Circusd(pair);
            circusds.put(pair, circusd);
            spec.circusIni(user, host, circusd.peer.ini());
        }
        spec.host(
                        "alpha",
                        h ->
                                h.unit("user1", "enabled", "active", "running")
                                        .unit("user2", "enabled", "active", "running"))
                .host(
                        "beta",
                        h ->
                                h.unit("user1", "enabled", "active", "running")
                                        .unit("user2", "enabled", "active", "running"))
                .host("gamma", h -> h.unit("user1", "enabled", "active", "running"));
        fleet = spec.start();
    }

    @BeforeEach
    void reset() {
        circusds.values().forEach(Circusd::reset);
        received.clear();
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        circusds.values().forEach(c -> c.peer.close());
    }

    private static CliRun run(String... args) {
        return CliRun.of(fleet.barnumConfig(), args);
    }

    @Test
    void batchesRunInTheReportsOrderEachSettledBeforeTheNext() {
        CliRun run = run("all", "--batch", "2", "--", "--", "restart", "web");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo(
                        """
                --- batch 1/3: user1@alpha, user2@alpha ---
                user1@alpha: ok; settled: web active
                user2@alpha: ok; settled: web active
                --- batch 2/3: user1@beta, user2@beta ---
                user1@beta: ok; settled: web active
                user2@beta: ok; settled: web active
                --- batch 3/3: user1@gamma ---
                user1@gamma: ok; settled: web active
                rolling restart web: 3 of 3 batches ran (5 pairs), 0 failed (at most 0 allowed: --max-failures 0), 0 not started
                """);
        assertThat(received.subList(0, 2))
                .containsExactlyInAnyOrder("user1@alpha restart web", "user2@alpha restart web");
        assertThat(received.subList(2, 4))
                .containsExactlyInAnyOrder("user1@beta restart web", "user2@beta restart web");
        assertThat(received.subList(4, 5)).containsExactly("user1@gamma restart web");
    }

    @Test
    void aWatcherThatNeverSettlesStopsTheCommandAndTheReportSaysWhatNeverStarted() {
        circusds.get("user2@alpha").stuck = true;

        CliRun run =
                run(
                        "all",
                        "--batch",
                        "40%",
                        "--max-failures",
                        "0",
                        "--settle",
                        "1s",
                        "--",
                        "--",
                        "restart",
                        "web");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out())
                .isEqualTo(
                        """
                --- batch 1/3: user1@alpha, user2@alpha ---
                user1@alpha: ok; settled: web active
                user2@alpha: ok; NOT SETTLED: web stopped (expected active) after 1000 ms
                rolling restart web: 1 of 3 batches ran (2 pairs), 1 failed (at most 0 allowed: --max-failures 0), 3 not started
                stopped: 1 pair failed, more than --max-failures 0 allows (0 of 5)
                not started: user1@beta (batch 2), user2@beta (batch 2), user1@gamma (batch 3)
                """);
        assertThat(received).hasSize(2).allMatch(r -> r.contains("@alpha"));
    }

    @Test
    void aStopSettlesWhenTheWatcherIsStopped() {
        CliRun run = run("beta", "--batch", "1", "--", "--", "stop", "db");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("user1@beta: ok; settled: db stopped")
                .contains("user2@beta: ok; settled: db stopped");
        assertThat(circusds.get("user1@beta").states).containsEntry("db", "stopped");
    }

    @Test
    void withOutputJsonARollingCommandIsTheRestApisRollingResult() {
        CliRun run = run("all", "--batch", "2", "-o", "json", "--", "--", "restart", "web");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).as("one document, no batch lines").hasSize(1);
        JsonNode result = BarnumSchema.assertValid("rollingResult", run.out());
        assertThat(result.path("batches").asInt()).isEqualTo(3);
        assertThat(result.path("batchesRun").asInt()).isEqualTo(3);
        assertThat(result.path("ran").findValuesAsText("batch"))
                .containsExactly("1", "1", "2", "2", "3");
        assertThat(result.path("ran").findValuesAsText("settling")).containsOnly("SETTLED");
        assertThat(result.path("ran").findValuesAsText("outcome")).containsOnly("OK");
        assertThat(result.path("stopped").isNull()).isTrue();
        assertThat(received).hasSize(5);
    }

    @Test
    void withOutputJsonADryRunIsTheRestApisDryRunAndSendsNothing() {
        CliRun run =
                run("all", "--batch", "2", "--dry-run", "-o", "json", "--", "--", "restart", "web");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode result = BarnumSchema.assertValid("rollingResult", run.out());
        assertThat(result.path("batches").asInt()).isEqualTo(3);
        assertThat(result.path("ran").findValuesAsText("batch"))
                .containsExactly("1", "1", "2", "2", "3");
        assertThat(result.path("ran").findValuesAsText("outcome")).containsOnly("DRY_RUN");
        assertThat(result.path("ran").findValuesAsText("settling")).containsOnly("UNCHECKED");
        assertThat(result.path("ran").get(0).path("command").path("message").asText())
                .isEqualTo(
                        "would send restart web to user1@alpha's circusd at tcp://127.0.0.1:"
                                + circusds.get("user1@alpha").peer.controlPort()
                                + ", if its unit is running");
        assertThat(received).isEmpty();
    }

    @Test
    void aDryRunShowsTheBatchesInOrderAndSendsNothing() {
        CliRun run = run("all", "--batch", "2", "--dry-run", "--", "--", "restart", "web");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo(
                        "DRY RUN; would run restart web on 5 pairs in 3 batches of 2, stopping after"
                                + " more than 0 failures; settle 5000 ms, pause 0 ms (only pairs whose unit runs)");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("---"))
                .containsExactly(
                        "--- batch 1/3: user1@alpha, user2@alpha ---",
                        "--- batch 2/3: user1@beta, user2@beta ---",
                        "--- batch 3/3: user1@gamma ---");
        assertThat(lines.get(2))
                .isEqualTo(
                        "DRY RUN; would send restart web to user1@alpha's circusd at tcp://127.0.0.1:"
                                + circusds.get("user1@alpha").peer.controlPort()
                                + ", if its unit is running");
        assertThat(received).isEmpty();
    }

    @Test
    void badRollingOptionsRunNothing() {
        CliRun zero = run("all", "--batch", "0", "--", "--", "restart", "web");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("barnum-cli: --batch: 0 is out of range (at least 1)\n");

        CliRun noCommand = run("all", "--batch", "2");
        assertThat(noCommand.exit()).isEqualTo(2);
        assertThat(noCommand.err())
                .isEqualTo(
                        "barnum-cli: --batch needs a circus command after -- --: barnum-cli all --batch 10 -- -- restart web\n");

        CliRun alone = run("all", "--pause", "1s", "--", "--", "restart", "web");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(received).isEmpty();
    }
}
