package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.FleetChanges;
import dev.barnum.testfleet.SeedFleet;
import dev.barnum.testfleet.TestFleet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code barnum-cli serve} as operators run it: the packaged application polling a seed fleet of
 * its own (one test stops a host of it) every 2 s, scraped by a real Prometheus, read over REST and
 * over JMX through the URL JConsole takes.
 */
@Timeout(300)
class ServeIT {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private static TestFleet fleet;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Served barnum;
    private static int httpPort;
    private static int jmxPort;

    @BeforeAll
    static void serve() throws Exception {
        fleet = SeedFleet.start();
        httpPort = TestFleet.freePort();
        jmxPort = TestFleet.freePort();
        Map<String, String> config = new java.util.LinkedHashMap<>(fleet.barnumConfig());
        config.put("barnum.poll.interval", INTERVAL.toSeconds() + "s");
        config.put("barnum.jmx.port", Integer.toString(jmxPort));
        config.put("quarkus.security.users.embedded.plain-text", "true");
        config.put("quarkus.security.users.embedded.users.viola", "viola-secret");
        config.put("quarkus.security.users.embedded.roles.viola", "viewer");
        barnum = Served.start(config, httpPort, Path.of("target/serve-it.log"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (barnum != null) {
            barnum.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void servesMetricsOfThePolledFleet() throws Exception {
        String metrics = metrics();
        assertThat(metrics)
                .contains(
                        "barnum_host_up{host=\"host1\"} 1",
                        "barnum_host_up{host=\"host4\"} 0",
                        "barnum_watcher_state{host=\"host3\",state=\"stopped\",user=\"user1\",watcher=\"idle\"} 1");
        // what Prometheus gets by default (OpenMetrics): Micrometer's meters, the fleet's series,
        // one closing line
        String openMetrics =
                http.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + httpPort
                                                                + "/q/metrics"))
                                        .header(
                                                "Accept",
                                                "application/openmetrics-text; version=1.0.0")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        assertThat(openMetrics)
                .contains("# TYPE barnum_commands counter", "# TYPE barnum_watcher_state gauge")
                .endsWith("\n# EOF\n");
        assertThat(openMetrics.split("# EOF", -1)).hasSize(2);
    }

    @Test
    void servesTheFleetOverRestToAViewer() {
        assertThat(status("/api/v1/fleet")).isEqualTo(401);
        assertThat(get("/api/v1/hosts/host5", "viola:viola-secret"))
                .contains("\"failureReason\":\"hostkey\"");
    }

    @Test
    void servesMBeansThroughTheUrlJConsoleTakes() throws Exception {
        try (JMXConnector jmx = JMXConnectorFactory.connect(jmxUrl())) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            assertThat(mbeans.getAttribute(new ObjectName("barnum:type=Fleet"), "HostCount"))
                    .isEqualTo(5);
            assertThat(mbeans.queryNames(new ObjectName("barnum:type=Watcher,host=host1,*"), null))
                    .isNotEmpty();
        }
    }

    @Test
    void aHostThatStopsAnsweringShowsWithinOnePollEverywhere() throws Exception {
        try (FleetChanges host2Down = fleet.changes().stopHost("host2")) {
            awaitTrue(
                    "host2 down in /q/metrics",
                    INTERVAL.multipliedBy(3),
                    () -> metrics().contains("barnum_host_up{host=\"host2\"} 0"));
            String metrics = metrics();
            assertThat(metrics)
                    .as("its watchers stay, in state unknown")
                    .contains(
                            "barnum_watcher_state{host=\"host2\",state=\"unknown\",user=\"user1\",watcher=\"watcher2\"} 1");
            assertThat(get("/api/v1/hosts/host2", "viola:viola-secret"))
                    .contains(
                            "\"up\":false",
                            "\"failureReason\":\"refused\"",
                            "\"status\":\"host_unreachable\"");
            try (JMXConnector jmx = JMXConnectorFactory.connect(jmxUrl())) {
                assertThat(
                                jmx.getMBeanServerConnection()
                                        .getAttribute(
                                                new ObjectName("barnum:type=Host,name=host2"),
                                                "Up"))
                        .isEqualTo(false);
            }
        }
        // started again, with its address, port and host key
        awaitTrue(
                "host2 back in /q/metrics",
                INTERVAL.multipliedBy(3),
                () -> metrics().contains("barnum_host_up{host=\"host2\"} 1"));
    }

    /**
     * Every dashboard query and alert expression, through a real Prometheus scraping this Barnum;
     * and what the seed fleet must raise there: user2's unit on host1 is disabled, though its
     * circus.ini for host1 expects it. user2's on host3 (active, its circusd silent) is
     * BarnumCircusdDown's, and host4 and host5 do not answer: none of those.
     */
    @Test
    void everyDashboardQueryAndAlertRunsOnRealPrometheus() throws Exception {
        Process live =
                new ProcessBuilder(
                                "grafana/check/live.sh",
                                "127.0.0.1:" + httpPort,
                                "--active",
                                "BarnumExpectedUnitMissing")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(live.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(live.waitFor(200, TimeUnit.SECONDS)).isTrue();
        assertThat(live.exitValue()).as(out).isZero();
        assertThat(out)
                .contains(" 0 failed")
                .contains(
                        "ok   active BarnumExpectedUnitMissing: pending for host=host1 instance=127.0.0.1:"
                                + httpPort
                                + " job=barnum user=user2\n");
    }

    private static String metrics() {
        return barnum.metrics();
    }

    private static JMXServiceURL jmxUrl() throws IOException {
        return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
    }

    private static int status(String path) {
        return barnum.status(path);
    }

    private static String get(String path, String credentials) {
        return barnum.get(path, credentials);
    }

    private static void awaitTrue(String what, Duration limit, BooleanSupplier condition)
            throws InterruptedException {
        Served.awaitTrue(what, limit, condition);
    }
}
