package dev.barnum.circus.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.Fixtures;
import dev.barnum.circus.CircusEvent;
import dev.barnum.circus.ExitOutcome;
import dev.barnum.circus.ProcessExits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Barnum's SUB against a real ZMTP PUB (JeroMQ) publishing circusd's captured events
 * (fixtures/zmq/pubsub-events.txt).
 */
@Timeout(60)
class EventChannelTest {

    private static final Pattern LINE =
            Pattern.compile(
                    "^\\s*[\\d.]+\\s+(\\w+) \\(pubsub [^)]+\\)\\s+b'([^']+)'\\s+b'([^']+)'$");

    /** The captured events of one daemon: [topic, json] in order. */
    static List<String[]> captured(String user) {
        List<String[]> events = new ArrayList<>();
        for (String line : Fixtures.text("zmq/pubsub-events.txt").split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches() && m.group(1).equals(user)) {
                events.add(new String[] {m.group(2), m.group(3)});
            }
        }
        return events;
    }

    @Test
    void capturedEventsArriveInOrderAndTheirExitsAreTold() throws Exception {
        List<String[]> user1 = captured("user1");
        assertThat(user1).hasSize(17);
        BlockingQueue<CircusEvent> events = new LinkedBlockingQueue<>();
        try (CircusPeer circusd = new CircusPeer(request -> null);
                EventChannel channel = subscribed(circusd, events, why -> {})) {
            circusd.publish("other.topic", "{}"); // not subscribed: never arrives
            for (String[] event : user1) {
                circusd.publish(event[0], event[1]);
            }
            ProcessExits exits = new ProcessExits();
            List<String> told = new ArrayList<>();
            int seen = 0;
            while (seen < user1.size()) {
                CircusEvent event = events.poll(10, TimeUnit.SECONDS);
                assertThat(event).isNotNull();
                if (event.watcher().equals("marker")) {
                    continue; // a marker published before the first one arrived
                }
                seen++;
                told.add(
                        event.watcher()
                                + " "
                                + event.kind()
                                + exits.next(event).map(o -> " " + o.label()).orElse(""));
            }
            assertThat(told)
                    .containsExactly(
                            "flapper REAP error",
                            "flapper SPAWN",
                            "flapper REAP error",
                            "flapper SPAWN",
                            "sleeper KILL",
                            "sleeper REAP requested",
                            "sleeper STOP",
                            "flapper REAP error",
                            "flapper SPAWN",
                            "sleeper SPAWN",
                            "sleeper START",
                            "flapper REAP error",
                            "flapper SPAWN",
                            "workers SPAWN",
                            "workers KILL",
                            "flapper REAP error",
                            "flapper SPAWN");
            assertThat(channel.live()).isTrue();
        }
    }

    @Test
    void garbageOnThePubsubSocketEndsTheSubscriptionWithAReason() throws Exception {
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        BlockingQueue<CircusEvent> events = new LinkedBlockingQueue<>();
        try (CircusPeer circusd = new CircusPeer(request -> null);
                EventChannel channel = subscribed(circusd, events, ended::add)) {
            circusd.publish("watcher.web.reap", "not json");
            assertThat(ended.poll(10, TimeUnit.SECONDS))
                    .isEqualTo("circusd published garbage: an event body that is not JSON");
            assertThat(channel.live()).isFalse();
        }
    }

    @Test
    void aClosingPublisherEndsTheSubscription() throws Exception {
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        CircusPeer circusd = new CircusPeer(request -> null);
        try (EventChannel channel =
                EventChannel.open(
                        SocketLink.to(circusd.pubsubPort()),
                        Duration.ofSeconds(10),
                        event -> {},
                        ended::add)) {
            circusd.close();
            assertThat(ended.poll(20, TimeUnit.SECONDS)).isEqualTo("circusd closed the connection");
            assertThat(channel.live()).isFalse();
        }
    }

    @Test
    void exitsAreToldByHowTheProcessEnded() {
        ProcessExits exits = new ProcessExits();
        assertThat(exits.next(event("crasher", "reap", 7, 2))).contains(ExitOutcome.ERROR);
        assertThat(exits.next(event("job", "reap", 8, 0))).contains(ExitOutcome.CLEAN);
        assertThat(exits.next(event("job", "reap", 9, -9))).contains(ExitOutcome.SIGNAL);
        assertThat(exits.next(event("web", "kill", 10, null))).isEmpty();
        assertThat(exits.next(event("web", "reap", 10, -15))).contains(ExitOutcome.REQUESTED);
        // the pid is forgotten once reaped: a later reap of the same number is the process's own
        assertThat(exits.next(event("web", "reap", 10, -15))).contains(ExitOutcome.SIGNAL);
        assertThat(exits.next(event("web", "spawn", 11, null))).isEmpty();
    }

    /**
     * A subscription whose events reach {@code events}, once it is known to be live: a PUB drops
     * what it publishes before the subscription reaches it, so a marker is published until one
     * arrives (and taken).
     */
    private static EventChannel subscribed(
            CircusPeer circusd,
            BlockingQueue<CircusEvent> events,
            java.util.function.Consumer<String> ended)
            throws Exception {
        EventChannel channel =
                EventChannel.open(
                        SocketLink.to(circusd.pubsubPort()),
                        Duration.ofSeconds(10),
                        events::add,
                        ended);
        do {
            circusd.publish("watcher.marker.updated", "{\"time\": 1.0}");
        } while (events.poll(50, TimeUnit.MILLISECONDS) == null);
        events.clear();
        return channel;
    }

    private static CircusEvent event(String watcher, String kind, long pid, Integer exit) {
        return CircusEvent.parse(
                ("watcher." + watcher + "." + kind).getBytes(),
                ("{\"process_pid\": "
                                + pid
                                + (exit == null ? "" : ", \"exit_code\": " + exit)
                                + ", \"time\": 1.0}")
                        .getBytes());
    }
}
