package dev.barnum.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.service.Poller;
import dev.barnum.testfleet.FleetChanges;
import dev.barnum.testfleet.Reply;
import dev.barnum.testfleet.SeedFleet;
import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.rmi.registry.LocateRegistry;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.rmi.RMIConnector;
import javax.management.remote.rmi.RMIServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The MBeans over the seed fleet, through a real RMI connection to the loopback connector. */
@Tag("fleet") // real sshds or servers: runs in verify
@QuarkusTest
@WithTestResource(SeedFleetResource.class)
class JmxTest {

    private static final String[] TWO_STRINGS = {String.class.getName(), String.class.getName()};
    private static final String[] SIX_STRINGS =
            java.util.Collections.nCopies(6, String.class.getName()).toArray(String[]::new);
    private static final String RESTART_WATCHER1 = "--json restart watcher1";

    @Inject Poller poller;

    @Inject JmxConnector jmx;

    @Test
    void readsAttributesAndRunsCommandsThroughARemoteConnection() throws Exception {
        assertThat(poller.pollOnce()).isTrue();
        int port = TestFleet.freePort();
        TestFleet fleet = SeedFleetResource.fleet();
        try (FleetChanges restartAnswers =
                fleet.changes()
                        .reply(
                                SeedFleet.HOST1,
                                SeedFleet.HOST1_USER1_ENDPOINT,
                                RESTART_WATCHER1,
                                Reply.of(
                                        "{\"status\": \"ok\", \"time\": 1795574713.5, \"id\": \"9a\"}\n"))) {
            jmx.start(port);
            try (JMXConnector connector = connect(port)) {
                assertThat(jmx.url())
                        .isEqualTo("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
                MBeanServerConnection mbs = connector.getMBeanServerConnection();

                ObjectName fleetBean = new ObjectName("barnum:type=Fleet");
                assertThat(mbs.getAttribute(fleetBean, "HostCount")).isEqualTo(5);
                assertThat(mbs.getAttribute(fleetBean, "HostsUp")).isEqualTo(3);
                assertThat((String) mbs.getAttribute(fleetBean, "LastPoll"))
                        .matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(mbs.queryNames(new ObjectName("barnum:type=Host,*"), null)).hasSize(5);
                assertThat(
                                mbs.getAttribute(
                                        new ObjectName("barnum:type=Host,name=host4"),
                                        "FailureReason"))
                        .isEqualTo("refused");
                assertThat(
                                mbs.queryNames(
                                        new ObjectName(
                                                "barnum:type=Watcher,host=host3,user=user1,*"),
                                        null))
                        .extracting(n -> JmxNames.key(n, "name"))
                        .containsExactlyInAnyOrder(
                                "flapper", "idle", "plugin:flapping", "sleeper", "workers");
                ObjectName plugin =
                        new ObjectName(
                                "barnum:type=Watcher,host=host3,user=user1,name="
                                        + ObjectName.quote("plugin:flapping"));
                assertThat(mbs.getAttribute(plugin, "State")).isEqualTo("active");
                assertThat(
                                mbs.getAttribute(
                                        new ObjectName(
                                                "barnum:type=Watcher,host=host3,user=user1,name=idle"),
                                        "State"))
                        .isEqualTo("stopped");
                assertThat((Integer) mbs.getAttribute(plugin, "Processes"))
                        .isGreaterThanOrEqualTo(-1);

                String status =
                        (String)
                                mbs.invoke(
                                        fleetBean,
                                        "status",
                                        new Object[] {"host1"},
                                        new String[] {String.class.getName()});
                assertThat(status)
                        .isEqualTo(
                                "--- user1@host1 ---\nwatcher1: active\n--- user2@host1 ---\nNo circus expected\n"
                                        + "expected by "
                                        + fleet.home("user2").resolve("host1/circus.ini")
                                        + ", disabled on host1\n");

                int before = fleet.calls(SeedFleet.HOST1).size();
                String[] lines =
                        (String[])
                                mbs.invoke(
                                        fleetBean,
                                        "execute",
                                        new Object[] {"user1@host1", "status watcher1"},
                                        TWO_STRINGS);
                assertThat(lines[0]).isEqualTo("host1 user1 ok exit=0");
                assertThat(lines).hasSize(2);
                assertThat(lines[1]).startsWith("  {\"status\": \"active\"");
                assertThat(
                                fleet.calls(SeedFleet.HOST1)
                                        .subList(before, fleet.calls(SeedFleet.HOST1).size()))
                        .singleElement()
                        .asString()
                        .matches(circusctl("--json status watcher1"));

                before = fleet.calls(SeedFleet.HOST1).size();
                ObjectName watcher1 =
                        new ObjectName("barnum:type=Watcher,host=host1,user=user1,name=watcher1");
                assertThat(mbs.getAttribute(watcher1, "State")).isEqualTo("active");
                assertThat(mbs.invoke(watcher1, "restart", null, null))
                        .isEqualTo("host1 user1 ok exit=0");
                assertThat(
                                fleet.calls(SeedFleet.HOST1)
                                        .subList(before, fleet.calls(SeedFleet.HOST1).size()))
                        .singleElement()
                        .asString()
                        .matches(circusctl(RESTART_WATCHER1));

                String[] rolling =
                        (String[])
                                mbs.invoke(
                                        fleetBean,
                                        "executeRolling",
                                        new Object[] {
                                            "host1", "restart watcher1", "1", "", "2s", ""
                                        },
                                        SIX_STRINGS);
                assertThat(rolling)
                        .containsExactly(
                                "--- batch 1/2: user1@host1 ---",
                                "user1@host1: ok; settled: watcher1 active",
                                "--- batch 2/2: user2@host1 ---",
                                "user2@host1: skipped (circus_user2_host1.service is not running)",
                                "rolling restart watcher1: 2 of 2 batches ran (2 pairs), 0 failed (at"
                                        + " most 0 allowed: --max-failures 0), 0 not started");
                assertThatThrownBy(
                                () ->
                                        mbs.invoke(
                                                fleetBean,
                                                "executeRolling",
                                                new Object[] {
                                                    "host1", "restart watcher1", "", "", "", ""
                                                },
                                                SIX_STRINGS))
                        .hasRootCauseMessage(
                                "batch is required: a count (10) or a percentage (25%) of the pairs");

                Map<String, Integer> calls = callCounts(fleet);
                assertThatThrownBy(
                                () ->
                                        mbs.invoke(
                                                fleetBean,
                                                "execute",
                                                new Object[] {"all", "restart"},
                                                TWO_STRINGS))
                        .hasRootCauseInstanceOf(IllegalArgumentException.class)
                        .hasRootCauseMessage(
                                "restart needs a watcher name: restarting the whole arbiter stops circusd on tcp endpoints;"
                                        + " to restart every watcher, name them all: restart '*'");
                assertThatThrownBy(
                                () ->
                                        mbs.invoke(
                                                fleetBean,
                                                "execute",
                                                new Object[] {
                                                    "user2@host3",
                                                    "--endpoint=tcp://127.0.0.1:5555 status"
                                                },
                                                TWO_STRINGS))
                        .as("the target cannot be changed by circusctl's options")
                        .hasRootCauseInstanceOf(IllegalArgumentException.class)
                        .hasRootCauseMessage(
                                "refusing circus option '--endpoint=tcp://127.0.0.1:5555': the endpoint, transport and timeout"
                                        + " are Barnum's to set (from circus.ini and its configuration)");
                assertThatThrownBy(
                                () ->
                                        mbs.invoke(
                                                fleetBean,
                                                "execute",
                                                new Object[] {"", "stop"},
                                                TWO_STRINGS))
                        .as("an empty target never means every host")
                        .hasRootCauseInstanceOf(IllegalArgumentException.class)
                        .hasRootCauseMessage(
                                "target is required: \"all\", \"host\" or \"user@host\"");
                assertThat(callCounts(fleet)).isEqualTo(calls);
            } finally {
                jmx.stop();
            }
        }
        assertThat(jmx.url()).isEmpty();
        assertThatThrownBy(() -> connect(port)).isInstanceOf(IOException.class);
    }

    /**
     * The README's jmxterm session, line by line, in jmxterm 1.0.4 (copied to target/jmxterm by the
     * build).
     */
    @Test
    void theReadmesJmxtermSessionWorks() throws Exception {
        assertThat(poller.pollOnce()).isTrue();
        List<String> readme = java.nio.file.Files.readAllLines(java.nio.file.Path.of("README.md"));
        int start = readme.indexOf("$ java -jar jmxterm-1.0.4-uber.jar -l 127.0.0.1:9010");
        assertThat(start).as("the README's jmxterm session").isPositive();
        List<String> session =
                readme.subList(start + 1, readme.size()).stream()
                        .takeWhile(line -> line.startsWith("$> "))
                        .map(line -> line.substring(3))
                        .toList();
        assertThat(session).hasSize(4).last().asString().startsWith("run execute ");
        int port = TestFleet.freePort();
        jmx.start(port);
        try {
            Process jmxterm =
                    new ProcessBuilder(
                                    "java",
                                    "-jar",
                                    "target/jmxterm/jmxterm.jar",
                                    "-l",
                                    "127.0.0.1:" + port,
                                    "-n",
                                    "-v",
                                    "silent")
                            .start();
            try (java.io.Writer in =
                    new java.io.OutputStreamWriter(
                            jmxterm.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8)) {
                in.write(String.join("\n", session) + "\nquit\n");
            }
            String out =
                    new String(
                            jmxterm.getInputStream().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
            String err =
                    new String(
                            jmxterm.getErrorStream().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
            assertThat(jmxterm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(err).as("jmxterm's errors").isEmpty();
            assertThat(out)
                    .contains("HostCount = 5;", "HostsUp = 3;", "LastPoll = ")
                    .contains(
                            "--- user1@host1 ---\nwatcher1: active\n--- user2@host1 ---\nNo circus expected")
                    .contains("host1 user1 ok exit=0");
        } finally {
            jmx.stop();
        }
    }

    /**
     * What JConsole does with service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi, minus JNDI
     * (disabled in Quarkus).
     */
    private static JMXConnector connect(int port) throws Exception {
        RMIServer stub = (RMIServer) LocateRegistry.getRegistry("127.0.0.1", port).lookup("jmxrmi");
        RMIConnector connector = new RMIConnector(stub, null);
        connector.connect();
        return connector;
    }

    /** The line host1's circusctl shim logs for user1's circusd (any --timeout). */
    private static String circusctl(String command) {
        return Pattern.quote(
                        "circusctl --endpoint " + SeedFleet.HOST1_USER1_ENDPOINT + " --timeout ")
                + "\\d+ "
                + Pattern.quote(command);
    }

    private static Map<String, Integer> callCounts(TestFleet fleet) {
        return fleet.hosts().stream().collect(Collectors.toMap(h -> h, h -> fleet.calls(h).size()));
    }
}
