package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.Fixtures;
import dev.barnum.circus.wire.CircusPeer;
import dev.barnum.testfleet.TestFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code barnum-cli}'s status report over circus's own protocol (a real ZMTP peer behind a real
 * sshd), and an operator's passthrough, which still runs circusctl to print what it prints.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(120)
class CliOverCircusProtocolTest {

    private static CircusPeer circusd;
    private static TestFleet fleet;

    @BeforeAll
    static void start() {
        circusd = new CircusPeer(request -> CircusPeer.capturedStatus(request, 1));
        String endpoint = "tcp://127.0.0.1:" + circusd.controlPort();
        fleet =
                TestFleet.builder()
                        .overCircusProtocol()
                        .users("user1")
                        .circusIni("user1", "alpha", circusd.ini())
                        .host(
                                "alpha",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .endpoint(
                                                        endpoint,
                                                        e -> e.fixture("stats", "stats-all")))
                        .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
        circusd.close();
    }

    @Test
    void theStatusReportAsksCircusdThroughTheSshSessionAndRunsNoCircusctl() {
        fleet.clearCalls();
        CliRun run = CliRun.of(fleet.barnumConfig(), "alpha", "--verbose");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo(
                        """
                --- user1@alpha ---
                flapper: active
                idle: stopped
                plugin:flapping: active
                sleeper: active
                workers: active
                """);
        assertThat(run.err())
                .contains(
                        "bailey: circus request: status to tcp://127.0.0.1:"
                                + circusd.controlPort()
                                + " through alpha's SSH session");
        assertThat(fleet.calls("alpha")).noneMatch(call -> call.startsWith("circusctl"));
    }

    @Test
    void anOperatorsPassthroughStillRunsCircusctl() {
        CliRun run = CliRun.of(fleet.barnumConfig(), "user1@alpha", "--", "--", "stats");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo("--- user1@alpha ---\n" + Fixtures.text("circusctl/stats-all.txt"));
        assertThat(fleet.calls("alpha")).anyMatch(call -> call.startsWith("circusctl"));
    }
}
