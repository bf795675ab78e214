package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.circus.wire.CircusPeer;
import dev.barnum.testfleet.TestFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live events in {@code barnum-cli serve}: a host whose two circusds are real ZMTP peers reached
 * through its real sshd; polls an hour apart, so that whatever changes in {@code /q/metrics} after
 * the first one came from circus's events.
 */
@Timeout(300)
class EventsIT {

    private static CircusPeer user1;
    private static CircusPeer user2;
    private static TestFleet fleet;
    private static Served barnum;

    @BeforeAll
    static void serve() throws Exception {
        user1 = new CircusPeer(request -> CircusPeer.capturedStatus(request, 1));
        user2 = new CircusPeer(request -> CircusPeer.capturedStatus(request, 1));
        fleet =
                TestFleet.builder()
                        .overCircusProtocol()
                        .users("user1", "user2")
                        .circusIni("user1", "alpha", user1.ini())
                        .circusIni("user2", "alpha", user2.ini())
                        .host(
                                "alpha",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .unit("user2", "enabled", "active", "running"))
                        .start();
        Map<String, String> config = new LinkedHashMap<>(fleet.barnumConfig());
        config.put("barnum.poll.interval", "1h");
        barnum = Served.start(config, TestFleet.freePort(), Path.of("target/events-it.log"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (barnum != null) {
            barnum.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        user1.close();
        user2.close();
    }

    @Test
    void aStoppedWatcherAndCrashingProcessesShowBeforeTheNextPoll() throws Exception {
        assertThat(barnum.metrics())
                .contains(
                        "barnum_host_circus_protocol{host=\"alpha\"} 1",
                        "barnum_circus_events_up{host=\"alpha\",user=\"user1\"} 1",
                        "barnum_watcher_state{host=\"alpha\",state=\"active\",user=\"user1\",watcher=\"sleeper\"} 1");
        // a PUB drops what it sends before the subscription reaches it: publish until seen
        Served.awaitTrue(
                "sleeper stopped in /q/metrics",
                Duration.ofSeconds(20),
                () -> {
                    user1.publish("watcher.sleeper.stop", "{\"time\": 1.0}");
                    return barnum.metrics()
                            .contains(
                                    "barnum_watcher_state{host=\"alpha\",state=\"stopped\",user=\"user1\",watcher=\"sleeper\"} 1");
                });
        assertThat(barnum.metrics())
                .contains(
                        "barnum_watcher_state{host=\"alpha\",state=\"active\",user=\"user2\",watcher=\"sleeper\"} 1");

        for (int pid = 100; pid < 105; pid++) {
            user2.publish(
                    "watcher.flapper.reap",
                    "{\"process_pid\": " + pid + ", \"exit_code\": 1, \"time\": 1.0}");
            user2.publish(
                    "watcher.flapper.spawn", "{\"process_pid\": " + (pid + 1) + ", \"time\": 1.0}");
        }
        user2.publish("watcher.workers.kill", "{\"process_pid\": 7, \"time\": 1.0}");
        user2.publish(
                "watcher.workers.reap", "{\"process_pid\": 7, \"exit_code\": -15, \"time\": 1.0}");
        Served.awaitTrue(
                "user2's exits counted in /q/metrics",
                Duration.ofSeconds(30),
                () ->
                        barnum.metrics()
                                .contains(
                                        "barnum_watcher_process_exits_total{host=\"alpha\",outcome=\"error\",user=\"user2\",watcher=\"flapper\"} 5"));
        assertThat(barnum.metrics())
                .contains(
                        "barnum_watcher_process_spawns_total{host=\"alpha\",user=\"user2\",watcher=\"flapper\"} 5",
                        "barnum_watcher_process_exits_total{host=\"alpha\",outcome=\"requested\",user=\"user2\",watcher=\"workers\"} 1",
                        "barnum_watcher_process_exits_total{host=\"alpha\",outcome=\"signal\",user=\"user2\",watcher=\"flapper\"} 0");
        // nothing was told of user1's flapper's processes: no exit or spawn series of it
        assertThat(barnum.metrics().lines())
                .filteredOn(line -> line.startsWith("barnum_watcher_process_"))
                .isNotEmpty()
                .noneMatch(line -> line.contains("user=\"user1\",watcher=\"flapper\""));
    }
}
