package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.TestConfig;
import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.Trace;
import dev.barnum.discovery.Inventory;
import dev.barnum.remote.ShellException;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.testfleet.TestFleet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service's stop closes every SSH session of the fleet, while the JVM still runs: the hosts'
 * sshds see them end, a session being opened to a host that never answers is aborted rather than
 * waited for, and nothing opens a session again.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(120)
class FleetShutDownTest {

    /**
     * The connect and command timeouts: far longer than any wait of this test, so that a poll that
     * waited for them would fail it.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    /** What the test allows the fleet's processes to notice: a deadline, not a measurement. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private TestFleet fleet;
    private Fleet barnum;

    @BeforeEach
    void start() {
        fleet = TestFleet.answeringAndSilent().start();
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.connect-timeout", TIMEOUT.toSeconds() + "s");
        config.put("barnum.ssh.command-timeout", TIMEOUT.toSeconds() + "s");
        barnum = TestConfig.fleet(config);
    }

    @AfterEach
    void stop() {
        if (barnum != null) {
            barnum.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void shuttingDownEndsEverySessionAbortsAConnectInProgressAndOpensNoneAgain() throws Exception {
        fleet.stopHost("hole"); // refused for a start: the first poll ends at once
        assertThat(probe().host("good").orElseThrow().up()).isTrue();
        assertThat(barnum.commandShell("good").run(List.of("true"), Duration.ofSeconds(10)).ok())
                .isTrue();
        assertThat(fleet.sshSessions("good"))
                .as("the polls' and the commands' sessions")
                .isNotEmpty();

        fleet.startHost("hole");
        CompletableFuture<FleetSnapshot> poll = CompletableFuture.supplyAsync(this::probe);
        await("the poll waits for hole's SSH banner", () -> fleet.blackholeConnections("hole") > 0);

        assertThat(barnum.shutDown())
                .as("good's two sessions, and the one being opened to hole")
                .isEqualTo(3);

        FleetSnapshot cut = poll.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(cut.host("hole").orElseThrow().failure())
                .hasValueSatisfying(
                        f -> assertThat(f.message()).isEqualTo("hole: the service is stopping"));
        await("good's sshd sees every session end", () -> fleet.sshSessions("good").isEmpty());

        assertThatThrownBy(
                        () ->
                                barnum.commandShell("good")
                                        .run(List.of("true"), Duration.ofSeconds(10)))
                .isInstanceOf(ShellException.class)
                .hasMessage("good: the service is stopping");
        HostReport later = probe().host("good").orElseThrow();
        assertThat(later.failure())
                .hasValueSatisfying(
                        f ->
                                assertThat(f.message())
                                        .isEqualTo("good: not probed: the service is stopping"));
        assertThat(fleet.sshSessions("good")).as("no session opened again").isEmpty();
    }

    private FleetSnapshot probe() {
        Inventory inventory = barnum.inventory();
        return barnum.probe(
                List.copyOf(inventory.hosts().keySet()),
                inventory,
                Optional.empty(),
                HostProbe.Ask.STATUS,
                Trace.NONE);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("not within " + PATIENCE + ": " + what)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
