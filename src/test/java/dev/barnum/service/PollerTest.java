package dev.barnum.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.commands.CommandRequest;
import dev.barnum.commands.CommandResult;
import dev.barnum.commands.CommandService;
import dev.barnum.commands.Outcome;
import dev.barnum.state.SnapshotStore;
import dev.barnum.testfleet.FleetChanges;
import dev.barnum.testfleet.Reply;
import dev.barnum.testfleet.SeedFleet;
import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Polls never overlap, and commands to one circusd never overlap either. */
@Tag("fleet") // real sshds or servers: runs in verify
@QuarkusTest
@WithTestResource(SeedFleetResource.class)
@Timeout(60)
class PollerTest {

    private static final String STATUS = "--json status";

    @Inject Poller poller;

    @Inject CommandService commands;

    @Inject SnapshotStore store;

    private final TestFleet fleet = SeedFleetResource.fleet();

    @Test
    void aPollAskedForWhileOneRunsIsSkippedNotQueued() throws Exception {
        try (FleetChanges slowHost1 = host1StatusAfter(Duration.ofSeconds(2))) {
            fleet.clearCalls();
            CompletableFuture<Boolean> slow = CompletableFuture.supplyAsync(poller::pollOnce);
            awaitCall("host1", "circusctl --endpoint tcp://host1:5775 --timeout 1 --json status");
            long skippedBefore = poller.skipped();
            assertThat(poller.pollOnce()).as("a second poll while the first runs").isFalse();
            assertThat(poller.skipped()).isEqualTo(skippedBefore + 1);
            assertThat(slow.get()).as("the first poll completes").isTrue();
        }
    }

    @Test
    void commandsToOneCircusdRunOneAtATime() throws Exception {
        poller.pollOnce();
        String start = "--json start watcher1";
        try (FleetChanges slowStart =
                fleet.changes()
                        .reply(
                                "host1",
                                SeedFleet.HOST1_USER1_ENDPOINT,
                                start,
                                Reply.fixture("json-start-one").delayed(Duration.ofSeconds(1)))) {
            CommandRequest request =
                    new CommandRequest("user1@host1", List.of("start", "watcher1"), false);
            long began = System.nanoTime();
            CompletableFuture<List<CommandResult>> a =
                    CompletableFuture.supplyAsync(() -> commands.run(request, "test"));
            CompletableFuture<List<CommandResult>> b =
                    CompletableFuture.supplyAsync(() -> commands.run(request, "test"));
            assertThat(a.get()).extracting(CommandResult::outcome).containsExactly(Outcome.OK);
            assertThat(b.get()).extracting(CommandResult::outcome).containsExactly(Outcome.OK);
            // each takes a second on circusd; side by side they would end after about one
            assertThat(Duration.ofNanos(System.nanoTime() - began))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
    }

    /**
     * A host that stalls costs its own deadline: meanwhile scrapes and health checks answer from
     * the last snapshot.
     */
    @Test
    void scrapesAndHealthAnswerWhileAPollWaitsOnAStalledHost() throws Exception {
        assertThat(poller.pollOnce()).isTrue();
        try (FleetChanges stalledHost1 = host1StatusAfter(Duration.ofSeconds(40))) {
            fleet.clearCalls();
            CompletableFuture<Boolean> poll = CompletableFuture.supplyAsync(poller::pollOnce);
            awaitCall("host1", "circusctl --endpoint tcp://host1:5775 --timeout 1 --json status");
            io.restassured.RestAssured.given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("barnum_host_up{host=\"host1\"} 1"));
            io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200);
            io.restassured.RestAssured.given().get("/q/health/live").then().statusCode(200);
            assertThat(poll)
                    .as("the poll still waits on host1 after every answer came")
                    .isNotDone();
            assertThat(poll.get()).isTrue();
            assertThat(store.latest().orElseThrow().host("host1").orElseThrow().units())
                    .filteredOn(u -> u.user().equals("user1"))
                    .singleElement()
                    .satisfies(u -> assertThat(u.circus().toString()).contains("reason=TIMEOUT"));
            assertThat(store.latest().orElseThrow().host("host2").orElseThrow().failure())
                    .isEmpty();
        }
    }

    /** user1@host1's circusd answers status as before, after {@code delay}, until closed. */
    private FleetChanges host1StatusAfter(Duration delay) {
        return fleet.changes().delay("host1", SeedFleet.HOST1_USER1_ENDPOINT, STATUS, delay);
    }

    private void awaitCall(String host, String call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!fleet.calls(host).contains(call)) {
            assertThat(System.nanoTime()).as("waiting for " + call).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
