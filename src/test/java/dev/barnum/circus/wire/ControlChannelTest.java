package dev.barnum.circus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.Fixtures;
import dev.barnum.circus.CircusReply;
import dev.barnum.circus.WatcherState;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Barnum's DEALER against a real ZMTP ROUTER (JeroMQ) answering with circusd's captured replies
 * (fixtures/zmq/wire-exchanges.txt).
 */
@Timeout(60)
class ControlChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** circusd's captured reply to {@code status} of all watchers, with another request's id. */
    private static String statusReply(String request) {
        return capturedReply("status, all watchers")
                .replace("0123456789abcdef0123456789abcdef", CircusPeer.idOf(request));
    }

    /** The reply of a captured exchange, by its heading. */
    static String capturedReply(String heading) {
        String text = Fixtures.text("zmq/wire-exchanges.txt");
        int at = text.indexOf("### " + heading);
        int recv = text.indexOf("RECV 1 frame(s)", at);
        int start = text.indexOf("b'", recv) + 2;
        return text.substring(start, text.indexOf("'\n", start)).replace("\\'", "'");
    }

    @Test
    void statusIsAnsweredThroughARealZmtpPeer() throws Exception {
        try (CircusPeer circusd = new CircusPeer(ControlChannelTest::statusReply);
                ControlChannel channel =
                        ControlChannel.open(SocketLink.to(circusd.controlPort()), WAIT)) {
            CircusReply reply = channel.call("status", Map.of(), WAIT);
            assertThat(reply.statuses())
                    .containsEntry("flapper", WatcherState.ACTIVE)
                    .containsEntry("idle", WatcherState.STOPPED)
                    .hasSize(5);
            assertThat(channel.usable()).isTrue();
        }
    }

    @Test
    void requestsAreSentAsCircusctlSendsThem() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CircusPeer circusd =
                        new CircusPeer(
                                request -> {
                                    seen.add(request);
                                    return statusReply(request);
                                });
                ControlChannel channel =
                        ControlChannel.open(SocketLink.to(circusd.controlPort()), WAIT)) {
            channel.call("status", Map.of(), WAIT);
            channel.call("stop", Map.of("name", "web", "waiting", true), WAIT);
        }
        assertThat(seen.get(0)).matches("\\{\"command\":\"status\",\"id\":\"barnum-\\d+\"}");
        assertThat(seen.get(1))
                .matches(
                        "\\{\"command\":\"stop\",\"properties\":\\{(\"name\":\"web\",\"waiting\":true|\"waiting\":true,\"name\":\"web\")},\"id\":\"barnum-\\d+\"}");
    }

    @Test
    void overlappingRequestsAreMatchedByTheirId() throws Exception {
        try (CircusPeer circusd =
                        new CircusPeer(
                                request ->
                                        "{\"status\": \"active\", \"time\": 1.0, \"id\": \""
                                                + CircusPeer.idOf(request)
                                                + "\", \"name\": \""
                                                + request.replaceAll(
                                                        ".*\"name\":\"(w\\d)\".*", "$1")
                                                + "\"}");
                ControlChannel channel =
                        ControlChannel.open(SocketLink.to(circusd.controlPort()), WAIT)) {
            circusd.answerInReverseOnceThereAre(8);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<CircusReply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "w" + i;
                replies.add(
                        callers.submit(() -> channel.call("status", Map.of("name", name), WAIT)));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(replies.get(i).get(20, TimeUnit.SECONDS).body().get("name").asText())
                        .isEqualTo("w" + i);
            }
            callers.shutdownNow();
        }
    }

    @Test
    void aCircusdThatNeverAnswersTimesOutAndTheChannelStaysUsable() throws Exception {
        try (CircusPeer circusd =
                        new CircusPeer(
                                request ->
                                        request.contains("\"stats\"")
                                                ? null
                                                : statusReply(request));
                ControlChannel channel =
                        ControlChannel.open(SocketLink.to(circusd.controlPort()), WAIT)) {
            assertThatThrownBy(() -> channel.call("stats", Map.of(), Duration.ofMillis(200)))
                    .isInstanceOf(NoAnswerException.class)
                    .hasMessage("circusd did not answer stats within 200 ms");
            assertThat(channel.usable()).isTrue();
            assertThat(channel.call("status", Map.of(), WAIT).statuses()).hasSize(5);
        }
    }

    @Test
    void garbageFromCircusdFailsTheChannelWithAClearReason() throws Exception {
        try (CircusPeer circusd = new CircusPeer(request -> "this is not json");
                ControlChannel channel =
                        ControlChannel.open(SocketLink.to(circusd.controlPort()), WAIT)) {
            assertThatThrownBy(() -> channel.call("status", Map.of(), WAIT))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(NoAnswerException.class)
                    .hasMessageStartingWith("circusd sent garbage: not a circus reply");
            assertThat(channel.usable()).isFalse();
        }
    }

    @Test
    void aPeerThatIsNotZmtpFailsTheHandshake() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread talker =
                    new Thread(
                            () -> {
                                try (var socket = server.accept()) {
                                    socket.getOutputStream()
                                            .write("SSH-2.0-OpenSSH_9.2\r\n".repeat(4).getBytes());
                                    socket.getInputStream().read(new byte[64]);
                                } catch (IOException e) {
                                    // the client hung up
                                }
                            });
            talker.start();
            assertThatThrownBy(
                            () -> ControlChannel.open(SocketLink.to(server.getLocalPort()), WAIT))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(NoAnswerException.class)
                    .hasMessage("circusd broke ZMTP: not a ZMTP peer (bad signature)");
        }
    }

    @Test
    void aPeerThatAcceptsButNeverGreetsIsNotAnswering() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            assertThatThrownBy(
                            () ->
                                    ControlChannel.open(
                                            SocketLink.to(server.getLocalPort()),
                                            Duration.ofMillis(300)))
                    .isInstanceOf(NoAnswerException.class);
        }
    }

    @Test
    void aCircusdThatClosesFailsWhatWaits() throws Exception {
        CircusPeer circusd = new CircusPeer(request -> null);
        try (ControlChannel channel =
                ControlChannel.open(SocketLink.to(circusd.controlPort()), WAIT)) {
            ExecutorService caller = Executors.newSingleThreadExecutor();
            Future<CircusReply> waiting =
                    caller.submit(() -> channel.call("status", Map.of(), WAIT));
            Thread.sleep(100); // not a timing assertion: the call may start before or after
            circusd.close();
            assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IOException.class)
                    .cause()
                    .hasMessageContaining("circusd closed the connection");
            assertThat(channel.usable()).isFalse();
            caller.shutdownNow();
        }
    }
}
