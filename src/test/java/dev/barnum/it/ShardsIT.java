package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barnum.discovery.Shard;
import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed fleet behind one {@code barnum-cli serve}, then two, then three, each instance with its
 * {@code barnum.shard}, every setup scraped by a real Prometheus: every host is polled by exactly
 * one instance, every dashboard query and alert expression answers the same as one instance does,
 * and going from two shards to three moves hosts only to the new one.
 */
@Timeout(600)
class ShardsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One series per instance by design: their number grows with the instances. */
    private static final List<String> PER_INSTANCE =
            List.of(
                    "panel \"Fleet poll duration\" A",
                    "panel \"Poll duration\" B",
                    "panel \"Instances and their shards\" A");

    /** Values that depend on when and how often a host was polled: their series must match. */
    private static final List<String> TIMED =
            List.of(
                    "panel \"Time since last successful poll\" A",
                    "panel \"Poll duration\" A",
                    "panel \"Poll failures by reason\" A");

    @Test
    void shardsTogetherAnswerAsOneInstanceDoes(@TempDir Path dir) throws Exception {
        TestFleet fleet = SeedFleetResource.fleet();
        Setup one = run(fleet, dir, 1);
        Setup two = run(fleet, dir, 2);
        Setup three = run(fleet, dir, 3);

        assertThat(one.answers())
                .as("the seed fleet: host1, host2 and host3 up")
                .containsEntry("panel \"Hosts up\" A", List.of("{} 3"));
        for (Setup setup : List.of(one, two, three)) {
            assertThat(setup.owners().keySet())
                    .as("%d instances: every host polled, by one instance", setup.count())
                    .containsExactlyInAnyOrderElementsOf(fleet.hosts());
            setup.owners()
                    .forEach(
                            (host, shard) ->
                                    assertThat(shard)
                                            .as(host)
                                            .isEqualTo(Shard.owner(host, setup.count())));
            assertThat(comparable(setup.answers()))
                    .as("%d instances answer as one does", setup.count())
                    .isEqualTo(comparable(one.answers()));
            assertThat(setup.answers().get("panel \"Instances and their shards\" A"))
                    .as("one row per instance, with its shard and hosts")
                    .hasSize(setup.count());
        }
        // from two to three: a host moves only to the new instance
        two.owners()
                .forEach(
                        (host, shard) -> {
                            int now = three.owners().get(host);
                            assertThat(now == shard || now == 2).as(host).isTrue();
                        });
        assertThat(two.refusal()).isNotNull();
        assertThat(two.refusal().path("error").asText())
                .matches(".* belongs to shard \\d/2; this instance is shard 0/2 .*");
    }

    /** What one setup showed: who polled which host, and what Prometheus answered. */
    private record Setup(
            int count,
            Map<String, Integer> owners,
            Map<String, List<String>> answers,
            JsonNode refusal) {}

    private static Setup run(TestFleet fleet, Path dir, int count) throws Exception {
        List<Served> serves = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int port = TestFleet.freePort();
                Map<String, String> config = new LinkedHashMap<>(fleet.barnumConfig());
                config.put("barnum.poll.interval", "2s");
                if (count > 1) {
                    config.put("barnum.shard", i + "/" + count);
                }
                config.put("quarkus.security.users.embedded.plain-text", "true");
                config.put("quarkus.security.users.embedded.users.otto", "otto-secret");
                config.put("quarkus.security.users.embedded.roles.otto", "viewer,operator");
                serves.add(
                        Served.start(
                                config,
                                port,
                                Path.of("target/shards-it-" + count + "-" + i + ".log")));
                ports.add(port);
            }
            Map<String, Integer> owners = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                JsonNode view =
                        JSON.readTree(serves.get(i).get("/api/v1/fleet", "otto:otto-secret"));
                for (JsonNode host : view.path("hosts")) {
                    Integer before = owners.put(host.path("host").asText(), i);
                    assertThat(before).as("%s polled twice", host.path("host").asText()).isNull();
                }
            }
            JsonNode refusal = null;
            if (count == 2) {
                String other =
                        owners.entrySet().stream()
                                .filter(e -> e.getValue() == 1)
                                .map(Map.Entry::getKey)
                                .findFirst()
                                .orElseThrow();
                HttpResponse<String> response =
                        HTTP.send(
                                command(
                                        ports.get(0),
                                        "{\"target\": \"" + other + "\", \"args\": [\"status\"]}"),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
                refusal = JSON.readTree(response.body());
                assertThat(refusal.path("shard").asText()).isEqualTo("1/2");
                HttpResponse<String> all =
                        HTTP.send(
                                command(
                                        ports.get(0),
                                        "{\"target\": \"all\", \"args\": [\"status\"], \"dryRun\": true}"),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
                assertThat(all.headers().firstValue("Barnum-Shard"))
                        .contains("0/2 (this instance's hosts only)");
                assertThat(JSON.readTree(all.body()).findValuesAsText("host"))
                        .as("all is this instance's hosts")
                        .allMatch(h -> owners.get(h) == 0);
            }
            Path answers = dir.resolve("answers-" + count + ".json");
            ProcessBuilder live =
                    new ProcessBuilder(new ArrayList<>(List.of("grafana/check/live.sh")))
                            .redirectErrorStream(true);
            ports.forEach(p -> live.command().add("127.0.0.1:" + p));
            live.environment().put("BARNUM_CHECK_HOSTS", Integer.toString(fleet.hosts().size()));
            live.environment().put("BARNUM_CHECK_ANSWERS", answers.toString());
            live.environment()
                    .put("BARNUM_CHECK_PROM_PORT", Integer.toString(TestFleet.freePort()));
            Process process = live.start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(200, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(out).isZero();
            Map<String, List<String>> answered = new TreeMap<>();
            JSON.readTree(Files.readString(answers))
                    .fields()
                    .forEachRemaining(
                            e -> {
                                List<String> series = new ArrayList<>();
                                e.getValue().forEach(s -> series.add(s.asText()));
                                answered.put(e.getKey(), series);
                            });
            return new Setup(count, owners, answered, refusal);
        } finally {
            for (Served served : serves) {
                served.close();
            }
        }
    }

    /** A command to the instance on {@code port}, as an operator sends it. */
    private static HttpRequest command(int port, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/commands"))
                .header("Content-Type", "application/json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                "otto:otto-secret"
                                                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    /** The answers that must not change with the number of instances. */
    private static Map<String, List<String>> comparable(Map<String, List<String>> answers) {
        Map<String, List<String>> kept = new TreeMap<>();
        answers.forEach(
                (id, series) -> {
                    if (PER_INSTANCE.contains(id)) {
                        return;
                    }
                    kept.put(
                            id,
                            TIMED.contains(id)
                                    ? series.stream()
                                            .map(s -> s.substring(0, s.lastIndexOf(' ')))
                                            .toList()
                                    : series);
                });
        return kept;
    }
}
