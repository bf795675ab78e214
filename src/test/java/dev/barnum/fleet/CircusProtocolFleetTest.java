package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestConfig;
import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.Trace;
import dev.barnum.circus.ExitOutcome;
import dev.barnum.circus.WatcherState;
import dev.barnum.circus.wire.CircusPeer;
import dev.barnum.discovery.Inventory;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.UnitReport;
import dev.barnum.testfleet.TestFleet;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The poll and live events over circus's own protocol, through real sshds, to real ZMTP peers
 * (JeroMQ) on the 127.0.0.1 ports the users' circus.ini files name: {@code alpha} forwards; {@code
 * beta}'s sshd refuses to ({@code DisableForwarding yes}) and is asked with circusctl. On alpha,
 * user3's circusd answers garbage and user4's never answers; the others are unharmed.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(120)
class CircusProtocolFleetTest {

    private static CircusPeer user1;
    private static CircusPeer user2;
    private static CircusPeer garbage;
    private static CircusPeer silent;
    private static CircusPeer beta;
    private static CircusPeer ipc;
    private static dev.barnum.circus.wire.UnixProxy ipcSocket;
    private static TestFleet hosts;
    private static Fleet fleet;

    /** Restarts of flapper answered so far: the first is refused as busy (errno 5). */
    private static final java.util.concurrent.atomic.AtomicInteger FLAPPER_RESTARTS =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * circusd's captured {@code status} (instance a), with the request's id; 3 pids per list; a
     * restart of flapper is refused as busy once (circus's errno 5), then done.
     */
    private static String answer(String request) {
        if (request.contains("\"restart\"")) {
            String id = CircusPeer.idOf(request);
            return request.contains("flapper") && FLAPPER_RESTARTS.getAndIncrement() == 0
                    ? "{\"status\": \"error\", \"reason\": \"arbiter is already running"
                            + " arbiter_stop command\", \"tb\": null, \"time\": 1.0, \"errno\": 5,"
                            + " \"id\": \""
                            + id
                            + "\"}"
                    : "{\"status\": \"ok\", \"time\": 1.0, \"id\": \"" + id + "\"}";
        }
        return CircusPeer.capturedStatus(request, 3);
    }

    @BeforeAll
    static void start() {
        user1 = new CircusPeer(CircusProtocolFleetTest::answer);
        user2 = new CircusPeer(CircusProtocolFleetTest::answer);
        garbage = new CircusPeer(request -> "this is not json");
        silent = new CircusPeer(request -> null);
        beta = new CircusPeer(CircusProtocolFleetTest::answer);
        ipc = new CircusPeer(CircusProtocolFleetTest::answer);
        try {
            ipcSocket =
                    new dev.barnum.circus.wire.UnixProxy(
                            java.nio.file.Files.createTempDirectory("barnum-ipc").resolve("c.sock"),
                            ipc.controlPort());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String betaEndpoint = "tcp://127.0.0.1:" + beta.controlPort();
        hosts =
                TestFleet.builder()
                        .overCircusProtocol()
                        .users("user1", "user2", "user3", "user4", "user5")
                        .circusIni("user1", "alpha", user1.ini())
                        .circusIni("user2", "alpha", user2.ini())
                        .circusIni("user3", "alpha", garbage.ini())
                        .circusIni("user4", "alpha", silent.ini())
                        .circusIni(
                                "user5",
                                "alpha",
                                "[circus]\nendpoint = ipc://"
                                        + ipcSocket.path()
                                        + "\npubsub_endpoint = tcp://127.0.0.1:"
                                        + ipc.pubsubPort()
                                        + "\n")
                        .circusIni("user1", "beta", beta.ini())
                        .host(
                                "alpha",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .unit("user2", "enabled", "active", "running")
                                                .unit("user3", "enabled", "active", "running")
                                                .unit("user4", "enabled", "active", "running")
                                                .unit("user5", "enabled", "active", "running"))
                        .host(
                                "beta",
                                h ->
                                        h.sshdOption("DisableForwarding yes")
                                                .unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        betaEndpoint,
                                                        e ->
                                                                e.fixture(
                                                                                "--json status",
                                                                                "json-status-all-a")
                                                                        .fixture(
                                                                                "--json stats",
                                                                                "json-stats-one")
                                                                        .reply(
                                                                                "--json restart sleeper",
                                                                                "{\"status\": \"ok\", \"time\": 1.0, \"id\": \"x\"}\n")))
                        .start();
        fleet = TestConfig.fleet(hosts.barnumConfig());
    }

    @AfterAll
    static void stop() {
        fleet.close();
        hosts.close();
        for (CircusPeer peer : List.of(user1, user2, garbage, silent, beta, ipc)) {
            peer.close();
        }
        try {
            ipcSocket.close();
        } catch (java.io.IOException e) {
            // a temporary socket
        }
    }

    private static FleetSnapshot poll() {
        Inventory inventory = fleet.inventory();
        return fleet.probe(
                List.of("alpha", "beta"),
                inventory,
                Optional.empty(),
                HostProbe.Ask.STATUS_AND_PROCESSES,
                Trace.NONE);
    }

    private static CircusFinding finding(FleetSnapshot snapshot, String host, String user) {
        return snapshot.host(host).orElseThrow().units().stream()
                .filter(u -> u.user().equals(user))
                .map(UnitReport::circus)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aPollStartsNoCircusctlWhereTheHostForwardsAndFallsBackWhereItRefuses() {
        hosts.clearCalls();
        FleetSnapshot snapshot = poll();
        assertThat(finding(snapshot, "alpha", "user1"))
                .isInstanceOfSatisfying(
                        CircusFinding.Watchers.class,
                        w -> {
                            assertThat(w.watchers()).hasSize(5);
                            assertThat(w.processes()).containsEntry("workers", 3);
                        });
        assertThat(finding(snapshot, "alpha", "user2")).isInstanceOf(CircusFinding.Watchers.class);
        // user5's circusd listens on a Unix socket: direct-streamlocal@openssh.com
        assertThat(finding(snapshot, "alpha", "user5"))
                .isInstanceOfSatisfying(
                        CircusFinding.Watchers.class,
                        w -> assertThat(w.endpoint()).isEqualTo("ipc://" + ipcSocket.path()));
        assertThat(finding(snapshot, "alpha", "user3"))
                .isInstanceOfSatisfying(
                        CircusFinding.Failed.class,
                        f ->
                                assertThat(f.failure().message())
                                        .startsWith(
                                                "circusd tcp://127.0.0.1:"
                                                        + garbage.controlPort()
                                                        + ": circusd sent garbage"));
        assertThat(finding(snapshot, "alpha", "user4"))
                .isEqualTo(
                        new CircusFinding.NotAnswering("tcp://127.0.0.1:" + silent.controlPort()));
        assertThat(hosts.calls("alpha")).noneMatch(call -> call.startsWith("circusctl"));
        // beta refuses to forward: its circusd is asked with circusctl, as before
        assertThat(finding(snapshot, "beta", "user1")).isInstanceOf(CircusFinding.Watchers.class);
        assertThat(hosts.calls("beta")).anyMatch(call -> call.startsWith("circusctl"));
        assertThat(fleet.refusesForwarding("beta")).isTrue();
        assertThat(fleet.refusesForwarding("alpha")).isFalse();
    }

    @Test
    void aStoppedUnitsControlChannelIsClosedAfterThePoll() {
        FleetSnapshot both = poll();
        fleet.retainChannels(both);
        int open = fleet.openCircusChannels();
        try (var changes =
                hosts.changes()
                        .unitState(
                                "alpha",
                                "circus_user2_alpha.service",
                                "enabled",
                                "inactive",
                                "dead")) {
            FleetSnapshot without = poll();
            assertThat(finding(without, "alpha", "user2"))
                    .isEqualTo(new CircusFinding.NotExpected());
            fleet.retainChannels(without);
            assertThat(fleet.openCircusChannels()).isEqualTo(open - 1);
        }
    }

    @Test
    void eventsChangeWatcherStatesAndCountExitsBetweenPolls() throws Exception {
        FleetEvents events =
                new FleetEvents(fleet, TestConfig.barnum(hosts.barnumConfig()), Clock.systemUTC());
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        events.onChange(changes::add);
        FleetSnapshot polled = events.apply(poll());
        events.sync(polled);
        // user1, user2 and user5 answered on alpha; beta refuses to forward, the others did not
        // answer
        assertThat(events.live()).isEqualTo(3);
        // a PUB drops what it publishes before a subscription reaches it: repeat until one lands
        do {
            user1.publish("watcher.sleeper.stop", "{\"time\": 1.0}");
        } while (changes.poll(50, TimeUnit.MILLISECONDS) == null);
        FleetSnapshot after = events.apply(polled);
        assertThat(((CircusFinding.Watchers) finding(after, "alpha", "user1")).watchers())
                .containsEntry("sleeper", WatcherState.STOPPED);
        assertThat(((CircusFinding.Watchers) finding(after, "alpha", "user2")).watchers())
                .containsEntry("sleeper", WatcherState.ACTIVE);

        user1.publish(
                "watcher.flapper.reap", "{\"process_pid\": 7, \"exit_code\": 1, \"time\": 1.0}");
        user1.publish("watcher.flapper.spawn", "{\"process_pid\": 8, \"time\": 1.0}");
        user1.publish("watcher.workers.kill", "{\"process_pid\": 9, \"time\": 1.0}");
        user1.publish(
                "watcher.workers.reap", "{\"process_pid\": 9, \"exit_code\": -15, \"time\": 1.0}");
        user1.publish("watcher.workers.start", "{\"time\": 1.0}"); // a state change: told at once
        while (events.apply(polled)
                        .events()
                        .of("alpha", "user1", "workers")
                        .exits(ExitOutcome.REQUESTED)
                == 0) {
            assertThat(changes.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
        var counts = events.apply(polled).events();
        assertThat(counts.of("alpha", "user1", "flapper").exits(ExitOutcome.ERROR)).isEqualTo(1);
        assertThat(counts.of("alpha", "user1", "flapper").spawns()).isEqualTo(1);
        assertThat(counts.live("alpha", "user1")).isTrue();
        assertThat(counts.live("alpha", "user3")).isFalse();

        // the next poll is the truth again: its states replace what events said before it
        FleetSnapshot next = events.apply(poll());
        assertThat(((CircusFinding.Watchers) finding(next, "alpha", "user1")).watchers())
                .containsEntry("sleeper", WatcherState.ACTIVE);
        assertThat(next.events().of("alpha", "user1", "flapper").exits(ExitOutcome.ERROR))
                .isEqualTo(1);
    }

    @Test
    void subscriptionsComeBackAfterTheHostsSshdRestarts() throws Exception {
        FleetEvents events =
                new FleetEvents(fleet, TestConfig.barnum(hosts.barnumConfig()), Clock.systemUTC());
        BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        events.onChange(changes::add);
        events.sync(poll());
        assertThat(events.live()).isEqualTo(3);
        hosts.stopHost("alpha");
        hosts.startHost("alpha");
        while (events.live() > 0) {
            assertThat(changes.poll(30, TimeUnit.SECONDS)).isNotNull();
        }
        events.sync(poll());
        assertThat(events.live()).isEqualTo(3);
        changes.clear();
        do {
            user2.publish("watcher.idle.start", "{\"time\": 1.0}");
        } while (changes.poll(50, TimeUnit.MILLISECONDS) == null);
    }

    @Test
    void restAndJmxCommandsGoOverTheProtocolAndCircusctlWhereForwardingIsRefused() {
        dev.barnum.state.SnapshotStore store = new dev.barnum.state.SnapshotStore(new NoEvents());
        store.publish(poll());
        dev.barnum.commands.CommandService commands =
                new dev.barnum.commands.CommandService(
                        fleet,
                        store,
                        TestConfig.barnum(hosts.barnumConfig()),
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                        Clock.systemUTC(),
                        new Stopping());
        hosts.clearCalls();
        var alpha =
                commands.run(
                        new dev.barnum.commands.CommandRequest(
                                "user1@alpha", List.of("restart", "flapper"), false),
                        "test");
        assertThat(alpha)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.outcome()).isEqualTo(dev.barnum.commands.Outcome.OK);
                            assertThat(r.retries()).isEqualTo(1);
                            assertThat(r.exitStatus()).isNull();
                            assertThat(r.argv())
                                    .containsExactly(
                                            "circus",
                                            "tcp://127.0.0.1:" + user1.controlPort(),
                                            "{\"command\":\"restart\",\"properties\":{\"name\":\"flapper\"}}");
                        });
        assertThat(hosts.calls("alpha")).noneMatch(call -> call.startsWith("circusctl"));
        var beta =
                commands.run(
                        new dev.barnum.commands.CommandRequest(
                                "user1@beta", List.of("restart", "sleeper"), false),
                        "test");
        assertThat(beta)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.outcome()).isEqualTo(dev.barnum.commands.Outcome.OK);
                            assertThat(r.argv()).first().isEqualTo("circusctl");
                        });
    }

    /** Publications nobody observes: the command path reads the store's latest snapshot. */
    private static final class NoEvents implements jakarta.enterprise.event.Event<FleetSnapshot> {
        @Override
        public void fire(FleetSnapshot event) {}

        @Override
        public <U extends FleetSnapshot> java.util.concurrent.CompletionStage<U> fireAsync(
                U event) {
            return java.util.concurrent.CompletableFuture.completedFuture(event);
        }

        @Override
        public <U extends FleetSnapshot> java.util.concurrent.CompletionStage<U> fireAsync(
                U event, jakarta.enterprise.event.NotificationOptions options) {
            return java.util.concurrent.CompletableFuture.completedFuture(event);
        }

        @Override
        public jakarta.enterprise.event.Event<FleetSnapshot> select(
                java.lang.annotation.Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends FleetSnapshot> jakarta.enterprise.event.Event<U> select(
                Class<U> subtype, java.lang.annotation.Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends FleetSnapshot> jakarta.enterprise.event.Event<U> select(
                jakarta.enterprise.util.TypeLiteral<U> subtype,
                java.lang.annotation.Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
