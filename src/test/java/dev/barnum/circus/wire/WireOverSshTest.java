package dev.barnum.circus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.TestConfig;
import dev.barnum.base.Deadline.Ticker;
import dev.barnum.circus.CircusEvent;
import dev.barnum.remote.Link;
import dev.barnum.remote.LinkTarget;
import dev.barnum.remote.NotListeningException;
import dev.barnum.remote.SshSettings;
import dev.barnum.remote.SshShell;
import dev.barnum.testfleet.TestFleet;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Circus's protocol through a real OpenSSH server: {@code direct-tcpip} channels to a real ZMTP
 * peer's TCP port, {@code direct-streamlocal@openssh.com} to a Unix socket, all on the one session
 * of the host, with no thread per channel.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(120)
class WireOverSshTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestFleet fleet;
    private static SshShell shell;

    @BeforeAll
    static void start() {
        fleet = TestFleet.builder().host("alpha", h -> {}).start();
        shell =
                new SshShell(
                        "alpha",
                        SshSettings.from(TestConfig.barnum(fleet.barnumConfig()).ssh()),
                        Ticker.SYSTEM);
    }

    @AfterAll
    static void stop() {
        shell.close();
        fleet.close();
    }

    private static Link.Opener through(LinkTarget target) {
        return inbound -> shell.link(target, inbound, WAIT);
    }

    private static String okStatus(String request) {
        return "{\"status\": \"ok\", \"statuses\": {\"web\": \"active\"}, \"time\": 1.0, \"id\": \""
                + CircusPeer.idOf(request)
                + "\"}";
    }

    @Test
    void statusThroughADirectTcpipChannel() throws Exception {
        try (CircusPeer circusd = new CircusPeer(WireOverSshTest::okStatus);
                ControlChannel channel =
                        ControlChannel.open(
                                through(LinkTarget.tcp("127.0.0.1", circusd.controlPort())),
                                WAIT)) {
            for (int i = 0; i < 50; i++) {
                assertThat(channel.call("status", Map.of(), WAIT).statuses()).containsKey("web");
            }
        }
    }

    @Test
    void statusThroughAUnixSocketChannel() throws Exception {
        Path socket = Files.createTempDirectory("barnum-ipc").resolve("circus.sock");
        try (CircusPeer circusd = new CircusPeer(WireOverSshTest::okStatus);
                UnixProxy ipc = new UnixProxy(socket, circusd.controlPort());
                ControlChannel channel =
                        ControlChannel.open(
                                through(LinkTarget.unix(ipc.path().toString())), WAIT)) {
            assertThat(channel.call("status", Map.of(), WAIT).statuses()).containsKey("web");
        }
    }

    @Test
    void nothingListeningIsToldAsSuchAndTheSessionGoesOn() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        assertThatThrownBy(
                        () ->
                                ControlChannel.open(
                                        through(LinkTarget.tcp("127.0.0.1", closed)), WAIT))
                .isInstanceOf(NotListeningException.class)
                .hasMessage("alpha: nothing listens at 127.0.0.1:" + closed);
        assertThat(shell.run(List.of("echo", "still here"), WAIT).stdout())
                .isEqualTo("still here\n");
    }

    @Test
    void aFloodingPublisherDoesNotStallAnotherChannelOfTheHost() throws Exception {
        AtomicInteger received = new AtomicInteger();
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        try (CircusPeer flooding = new CircusPeer(request -> null);
                CircusPeer circusd = new CircusPeer(WireOverSshTest::okStatus);
                EventChannel events =
                        EventChannel.open(
                                through(LinkTarget.tcp("127.0.0.1", flooding.pubsubPort())),
                                WAIT,
                                event -> received.incrementAndGet(),
                                ended::add);
                ControlChannel control =
                        ControlChannel.open(
                                through(LinkTarget.tcp("127.0.0.1", circusd.controlPort())),
                                WAIT)) {
            Thread flood =
                    new Thread(
                            () -> {
                                String body =
                                        "{\"process_pid\": 1, \"time\": 1.0, \"exit_code\": 1}";
                                while (!Thread.currentThread().isInterrupted()) {
                                    flooding.publish("watcher.flood.reap", body);
                                }
                            });
            flood.setDaemon(true);
            flood.start();
            try {
                while (received.get() < 10_000) {
                    assertThat(ended.poll(1, TimeUnit.MILLISECONDS)).isNull();
                }
                // meanwhile, every status on the same session is answered
                for (int i = 0; i < 100; i++) {
                    assertThat(control.call("status", Map.of(), WAIT).statuses())
                            .containsKey("web");
                }
            } finally {
                flood.interrupt();
            }
            assertThat(events.live()).isTrue();
        }
    }

    @Test
    void aRestartedHostEndsTheChannelsAndTheyCanBeOpenedAgain() throws Exception {
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        BlockingQueue<CircusEvent> seen = new LinkedBlockingQueue<>();
        try (CircusPeer circusd = new CircusPeer(WireOverSshTest::okStatus)) {
            EventChannel events =
                    EventChannel.open(
                            through(LinkTarget.tcp("127.0.0.1", circusd.pubsubPort())),
                            WAIT,
                            seen::add,
                            ended::add);
            fleet.stopHost("alpha");
            fleet.startHost("alpha");
            assertThat(ended.poll(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(events.live()).isFalse();
            try (EventChannel again =
                    EventChannel.open(
                            through(LinkTarget.tcp("127.0.0.1", circusd.pubsubPort())),
                            WAIT,
                            seen::add,
                            ended::add)) {
                do {
                    circusd.publish("watcher.web.start", "{\"time\": 1.0}");
                } while (seen.poll(50, TimeUnit.MILLISECONDS) == null);
                assertThat(again.live()).isTrue();
            }
        }
    }
}
