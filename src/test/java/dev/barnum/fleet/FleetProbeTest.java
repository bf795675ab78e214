package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestConfig;
import dev.barnum.bailey.Trace;
import dev.barnum.discovery.Inventory;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.testfleet.FleetSpec;
import dev.barnum.testfleet.Reply;
import dev.barnum.testfleet.TestFleet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A whole-fleet probe over real SSH where some hosts are dead, silent or slow: the others never
 * wait for them.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(60)
class FleetProbeTest {

    private static final String INI = "[circus]\nendpoint = tcp://127.0.0.1:5555\n";
    private static final String STATUS =
            "{\"status\": \"ok\", \"time\": 1795574713.110371, \"statuses\": {\"web\": \"active\"}, \"id\": \"x\"}\n";

    private static TestFleet fleet;
    private static Fleet barnum;

    @BeforeAll
    static void start() {
        FleetSpec builder = TestFleet.builder().users("user1");
        for (String host : List.of("fast1", "fast2", "slow", "hole", "gone")) {
            builder.circusIni("user1", host, INI);
        }
        fleet =
                builder.host(
                                "fast1",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://127.0.0.1:5555",
                                                        e -> e.reply("--json status", STATUS)))
                        .host(
                                "fast2",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://127.0.0.1:5555",
                                                        e -> e.reply("--json status", STATUS)))
                        .host(
                                "slow",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://127.0.0.1:5555",
                                                        e ->
                                                                e.reply(
                                                                        "--json status",
                                                                        Reply.of(STATUS)
                                                                                .delayed(
                                                                                        Duration
                                                                                                .ofSeconds(
                                                                                                        30)))))
                        .blackholeHost("hole")
                        .refusedHost("gone")
                        .start();
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.connect-timeout", "2s");
        config.put("barnum.ssh.command-timeout", "3s");
        barnum = TestConfig.fleet(config);
    }

    @AfterAll
    static void stop() {
        barnum.close();
        fleet.close();
    }

    @Test
    void badHostsAreReportedWithTheirReasonAndDelayNobody() {
        Inventory inventory = barnum.inventory();
        FleetSnapshot snapshot =
                barnum.probe(
                        List.copyOf(inventory.hosts().keySet()),
                        inventory,
                        Optional.empty(),
                        dev.barnum.bailey.HostProbe.Ask.STATUS,
                        Trace.NONE);
        Map<String, HostReport> byHost = new HashMap<>();
        snapshot.hosts().forEach(h -> byHost.put(h.host(), h));

        for (String fast : List.of("fast1", "fast2")) {
            HostReport report = byHost.get(fast);
            assertThat(report.up()).isTrue();
            assertThat(report.units())
                    .singleElement()
                    .satisfies(
                            u ->
                                    assertThat(u.circus())
                                            .isEqualTo(
                                                    new CircusFinding.Watchers(
                                                            "tcp://127.0.0.1:5555",
                                                            new java.util.TreeMap<>(
                                                                    Map.of(
                                                                            "web",
                                                                            dev.barnum.circus
                                                                                    .WatcherState
                                                                                    .ACTIVE)))));
            // a good host's own probe is not held up by the dead ones (their deadline is 5 s)
            assertThat(report.took()).isLessThan(Duration.ofSeconds(2));
        }
        assertThat(byHost.get("hole").failure())
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(byHost.get("gone").failure())
                .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo(Reason.REFUSED));
        HostReport slow = byHost.get("slow");
        assertThat(slow.up()).as("the host answered; only its circusctl hung").isTrue();
        assertThat(slow.units())
                .singleElement()
                .satisfies(
                        u ->
                                assertThat(u.circus())
                                        .isInstanceOfSatisfying(
                                                CircusFinding.Failed.class,
                                                f ->
                                                        assertThat(f.failure().reason())
                                                                .isEqualTo(Reason.TIMEOUT)));
        // the whole poll costs at most one host deadline (plus the watchdog's grace), not the sum
        // of them
        assertThat(snapshot.took()).isLessThan(barnum.hostDeadline().plusSeconds(2));
        assertThat(snapshot.problem()).isTrue();
    }
}
