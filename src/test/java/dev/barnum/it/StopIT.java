package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.Reply;
import dev.barnum.testfleet.TestFleet;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to the packaged {@code barnum-cli serve} while a poll waits on a host that never speaks
 * SSH, a command waits on a circusd that answers in 5 minutes, and a rolling command pauses between
 * its batches: it ends in its bounded time, not theirs; the rolling command stops before its next
 * batch and says why; the command in flight is audited as interrupted; every SSH session is closed,
 * as the hosts' sshds see.
 */
@Timeout(300)
class StopIT {

    /**
     * {@code quarkus.shutdown.timeout} of this serve: the poll and the command get 3 s to end, then
     * their sessions are closed.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(8);

    /**
     * The connect and command timeouts: what the poll and the command would take without the stop.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    /**
     * The bound the README promises ({@code quarkus.shutdown.timeout}), with room for a JVM ending
     * on a busy machine: a deadline this test sets, far below {@link #TIMEOUT}.
     */
    private static final Duration STOPPED_WITHIN = STOP_TIMEOUT.plusSeconds(20);

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String STATUS =
            "{\"status\": \"ok\", \"time\": 1795574713.110371, \"statuses\": {\"web\": \"active\"}, \"id\": \"x\"}\n";
    private static final String OK =
            "{\"status\": \"ok\", \"time\": 1795574713.5, \"id\": \"9a\"}\n";
    private static final String LIST =
            "{\"status\": \"ok\", \"watchers\": [\"web\"], \"time\": 1795574713.5, \"id\": \"9b\"}\n";
    private static final String OPERATOR = "otto:otto-secret";

    private final Path log = Path.of("target/stop-it.log");
    private TestFleet fleet;
    private Served barnum;

    @AfterEach
    void stop() throws InterruptedException {
        if (barnum != null) {
            barnum.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void sigtermMidPollEndsInBoundedTimeClosesEverySessionAndAccountsForEachCommand()
            throws Exception {
        fleet =
                TestFleet.builder()
                        .users("user1", "user2")
                        .circusIni("user1", "host1", ini(5555))
                        .host(
                                "host1",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://127.0.0.1:5555",
                                                        e ->
                                                                e.reply("--json status", STATUS)
                                                                        .reply(
                                                                                "--json restart web",
                                                                                Reply.of(OK)
                                                                                        .delayed(
                                                                                                TIMEOUT))))
                        .circusIni("user1", "host2", ini(5555))
                        .circusIni("user2", "host2", ini(5556))
                        .host(
                                "host2",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .unit("user2", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://127.0.0.1:5555",
                                                        e ->
                                                                e.reply("--json status", STATUS)
                                                                        .reply("--json list", LIST))
                                                .endpoint(
                                                        "tcp://127.0.0.1:5556",
                                                        e ->
                                                                e.reply("--json status", STATUS)
                                                                        .reply(
                                                                                "--json list",
                                                                                LIST)))
                        .circusIni("user1", "hole", ini(5555))
                        .blackholeHost("hole")
                        .start();
        fleet.stopHost("hole"); // refused until the service is ready: its first poll ends at once
        Map<String, String> config = new LinkedHashMap<>(fleet.barnumConfig());
        config.put("barnum.poll.interval", "1s");
        config.put("barnum.ssh.connect-timeout", TIMEOUT.toSeconds() + "s");
        config.put("barnum.ssh.command-timeout", TIMEOUT.toSeconds() + "s");
        config.put("quarkus.shutdown.timeout", STOP_TIMEOUT.toSeconds() + "s");
        config.put("quarkus.security.users.embedded.plain-text", "true");
        config.put("quarkus.security.users.embedded.users.otto", "otto-secret");
        config.put("quarkus.security.users.embedded.roles.otto", "viewer,operator");
        barnum = Served.start(config, TestFleet.freePort(), log);

        // a poll now waits for hole's SSH banner, for up to 5 minutes
        fleet.startHost("hole");
        Served.awaitTrue(
                "a poll connected to hole", PATIENCE, () -> fleet.blackholeConnections("hole") > 0);
        assertThat(barnum.get("/q/health/live", null))
                .as("the poll runs, within its bound")
                .contains("\"pollRunning\": true", "\"status\": \"UP\"");

        // a command to a circusd that answers in 5 minutes
        CompletableFuture<HttpResponse<String>> slow =
                barnum.post(
                        "/api/v1/commands",
                        OPERATOR,
                        "{\"target\": \"user1@host1\", \"args\": [\"restart\", \"web\"]}");
        Served.awaitTrue(
                "the restart sent to host1",
                PATIENCE,
                () ->
                        fleet.calls("host1").stream()
                                .anyMatch(c -> c.endsWith("--json restart web")));
        // a rolling command, between its two batches for a minute
        CompletableFuture<HttpResponse<String>> rolling =
                barnum.post(
                        "/api/v1/commands",
                        OPERATOR,
                        "{\"target\": \"host2\", \"args\": [\"list\"], \"batch\": \"1\","
                                + " \"pause\": \"60s\"}");
        Served.awaitTrue(
                "the rolling command's first batch done",
                PATIENCE,
                () -> log().contains("host=host2 user=user1 argv=[circusctl,"));
        assertThat(fleet.sshSessions("host1"))
                .as("the polls' and the commands' sessions")
                .isNotEmpty();
        assertThat(fleet.sshSessions("host2")).isNotEmpty();

        barnum.sigterm();
        Served.awaitTrue("the stop began", PATIENCE, () -> log().contains("stopping: "));
        HttpResponse<String> refused =
                barnum.post(
                                "/api/v1/commands",
                                OPERATOR,
                                "{\"target\": \"user2@host2\", \"args\": [\"list\"]}")
                        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(refused.statusCode()).as("a command while the service stops").isEqualTo(503);
        assertThat(refused.body()).isEqualTo("{\"error\":\"the service is stopping\"}");
        int status = barnum.awaitExit(STOPPED_WITHIN);

        String log = log();
        assertThat(status).as(log).isEqualTo(143);
        assertThat(log)
                .contains(
                        "stopping: no poll and no circus command starts from now on; waiting up to"
                                + " 3 s for the running poll and 1 command in flight to end",
                        "the running poll and 1 command in flight still running after 3 s: closing"
                                + " the SSH sessions under it")
                .containsPattern(
                        "who=otto target=user1@host1 host=host1 user=user1 argv=\\[circusctl, .*"
                                + " --json, restart, web\\] outcome=interrupted duration=\\d+ms"
                                + " retries=0 message=\"the service stopped before the command"
                                + " ended")
                .contains(
                        "who=otto target=host2 args=[list] rolling batch=1 max-failures=0"
                                + " batches=1/2 ran=1 failures=0 not-started=1 outcome=stopped"
                                + " message=\"the service is stopping before batch 2 of 2\"");
        assertThat(lines(log, "outcome=interrupted")).as("one audit line per pair").hasSize(1);
        Matcher stopped =
                Pattern.compile(
                                "Barnum stopped cleanly in \\d+ ms: (\\d+) SSH sessions closed; 1"
                                        + " command in flight at the stop, 1 interrupted")
                        .matcher(log);
        assertThat(stopped.find()).as(log).isTrue();
        assertThat(Integer.parseInt(stopped.group(1)))
                .as("host1's and host2's polls' and commands' sessions, the one to hole")
                .isEqualTo(5);
        assertThat(log).doesNotContain("ERROR", "Exception");

        HttpResponse<String> rolled = rolling.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(rolled.statusCode()).isEqualTo(200);
        assertThat(rolled.body())
                .contains("\"stopped\":\"the service is stopping before batch 2 of 2\"");
        slow.cancel(true);

        for (String host : List.of("host1", "host2")) {
            Served.awaitTrue(
                    host + "'s sshd serves no session of Barnum's",
                    PATIENCE,
                    () -> fleet.sshSessions(host).isEmpty());
        }
    }

    private static String ini(int port) {
        return "[circus]\nendpoint = tcp://127.0.0.1:" + port + "\n";
    }

    private String log() {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> lines(String log, String containing) {
        return log.lines().filter(l -> l.contains(containing)).toList();
    }
}
