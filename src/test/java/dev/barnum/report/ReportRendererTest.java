package dev.barnum.report;

import static dev.barnum.TestUnits.unit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestUnits;
import dev.barnum.bailey.CommandReport;
import dev.barnum.bailey.PairOutput;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.ExpectedUnit;
import dev.barnum.state.Failure;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import dev.barnum.systemd.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportRendererTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    private static CircusFinding watchers(String... nameState) {
        CircusFinding.Watchers w = (CircusFinding.Watchers) TestUnits.watchers(nameState);
        return new CircusFinding.Watchers("tcp://x:1", w.watchers());
    }

    private static HostReport host(String name, UnitReport... units) {
        return new HostReport(name, T0, Duration.ofMillis(5), Optional.empty(), List.of(units));
    }

    @Test
    void rendersTheSeedsSystemOverview() {
        FleetSnapshot snapshot =
                new FleetSnapshot(
                        T0,
                        Duration.ofMillis(9),
                        List.of(
                                host(
                                        "host1",
                                        unit(
                                                "user2",
                                                "host1",
                                                "enabled",
                                                ActiveState.ACTIVE,
                                                "running",
                                                watchers("watcher1", "active"))),
                                host(
                                        "host2",
                                        unit(
                                                "user1",
                                                "host2",
                                                "enabled",
                                                ActiveState.ACTIVE,
                                                "running",
                                                watchers("watcher2", "active")),
                                        unit(
                                                "user4",
                                                "host2",
                                                "disabled",
                                                ActiveState.INACTIVE,
                                                "dead",
                                                new CircusFinding.NotExpected()))));
        assertThat(ReportRenderer.hosts(snapshot, true))
                .isEqualTo(
                        """
                --- HOST1 ---
                --------------------------------------------------------------------------------
                circus_user2_host1.service  enabled   active (running)
                  watcher1: active
                ================================================================================

                --- HOST2 ---
                --------------------------------------------------------------------------------
                circus_user1_host2.service  enabled   active (running)
                  watcher2: active
                --------------------------------------------------------------------------------
                circus_user4_host2.service  disabled  inactive (dead)
                  No circus expected
                ================================================================================

                """);
    }

    @Test
    void saysWhyAHostOrACircusdCouldNotBeSeen() {
        FleetSnapshot snapshot =
                new FleetSnapshot(
                        T0,
                        Duration.ZERO,
                        List.of(
                                HostReport.failed(
                                        "host4",
                                        T0,
                                        Duration.ZERO,
                                        new Failure(Reason.REFUSED, "host4: Connection refused")),
                                host(
                                        "host3",
                                        unit(
                                                "user2",
                                                "host3",
                                                "enabled",
                                                ActiveState.ACTIVE,
                                                "running",
                                                new CircusFinding.NotAnswering(
                                                        "tcp://127.0.0.1:5599")))));
        assertThat(ReportRenderer.hosts(snapshot, true))
                .isEqualTo(
                        """
                --- HOST4 ---
                --------------------------------------------------------------------------------
                  unreachable (refused): host4: Connection refused
                ================================================================================

                --- HOST3 ---
                --------------------------------------------------------------------------------
                circus_user2_host3.service  enabled   active (running)
                  circusd does not answer at tcp://127.0.0.1:5599
                ================================================================================

                """);
        assertThat(snapshot.problem()).isTrue();
    }

    /**
     * Below what circus said, what the homes say when it is news: each expected unit that is
     * absent, with the circus.ini that expects it (for one not installed, that line alone), and
     * each unit no circus.ini names. A unit present as expected adds nothing.
     */
    @Test
    void saysWhichExpectedUnitIsAbsentAndWhichUnitIsUnexpected() {
        UnitReport notInstalled =
                new UnitReport(
                        new UnitStatus(
                                "circus_user2_host9.service",
                                "not-found",
                                "",
                                ActiveState.INACTIVE,
                                "dead",
                                "",
                                ""),
                        "user2",
                        true,
                        new CircusFinding.Failed(
                                new Failure(
                                        Reason.COMMAND,
                                        "circus_user2_host9.service is not installed on host9")));
        UnitReport unexpected =
                new UnitReport(
                        unit("user4", "host9", "enabled", ActiveState.ACTIVE, "running", null)
                                .status(),
                        "user4",
                        false,
                        watchers("web", "active"),
                        true);
        HostReport host9 =
                host(
                                "host9",
                                unit(
                                        "user1",
                                        "host9",
                                        "enabled",
                                        ActiveState.ACTIVE,
                                        "running",
                                        watchers("web", "active")),
                                notInstalled,
                                unit(
                                        "user3",
                                        "host9",
                                        "disabled",
                                        ActiveState.INACTIVE,
                                        "dead",
                                        new CircusFinding.NotExpected()),
                                unexpected)
                        .withExpected(
                                java.util.stream.Stream.of("user1", "user2", "user3")
                                        .map(
                                                u ->
                                                        new ExpectedUnit(
                                                                u,
                                                                "circus_" + u + "_host9.service",
                                                                java.nio.file.Path.of(
                                                                        "/users/"
                                                                                + u
                                                                                + "/circus/host9/circus.ini")))
                                        .toList());
        FleetSnapshot snapshot = new FleetSnapshot(T0, Duration.ZERO, List.of(host9));
        assertThat(ReportRenderer.hosts(snapshot, true))
                .isEqualTo(
                        """
                --- HOST9 ---
                --------------------------------------------------------------------------------
                circus_user1_host9.service  enabled   active (running)
                  web: active
                --------------------------------------------------------------------------------
                circus_user2_host9.service  not-found inactive (dead)
                  expected by /users/user2/circus/host9/circus.ini, not installed on host9
                --------------------------------------------------------------------------------
                circus_user3_host9.service  disabled  inactive (dead)
                  No circus expected
                  expected by /users/user3/circus/host9/circus.ini, disabled on host9
                --------------------------------------------------------------------------------
                circus_user4_host9.service  enabled   active (running)
                  web: active
                  unexpected: no circus.ini in the homes for user4 on host9
                ================================================================================

                """);
        assertThat(ReportRenderer.pairs(snapshot))
                .contains(
                        """
                --- user2@host9 ---
                expected by /users/user2/circus/host9/circus.ini, not installed on host9
                """);
    }

    @Test
    void outputsShowCircusOwnOutputVerbatimAndWhyACommandDidNotRun() {
        ExecResult stats =
                new ExecResult(
                        List.of("circusctl", "stats"),
                        0,
                        "workers:\n9314: 9314  sleep user1 0\n",
                        "",
                        Duration.ZERO);
        ExecResult failed =
                new ExecResult(
                        List.of("circusctl", "status", "nosuch"), 3, "error\n", "", Duration.ZERO);
        CommandReport host1 =
                onHost1(
                        pair("user1", new PairOutput.Printed("tcp://x:1", stats)),
                        pair("user2", new PairOutput.Printed("tcp://x:2", failed)),
                        pair(
                                "user3",
                                new PairOutput.NotRun(
                                        new CircusFinding.NotAnswering("tcp://x:3"))));
        CommandReport host4 =
                CommandReport.failed(
                        "host4",
                        T0,
                        Duration.ZERO,
                        new Failure(Reason.REFUSED, "host4: Connection refused"));
        assertThat(ReportRenderer.outputs(List.of(host1, host4)))
                .isEqualTo(
                        """
                --- user1@host1 ---
                workers:
                9314: 9314  sleep user1 0
                --- user2@host1 ---
                error
                error (command): circusctl exited 3
                --- user3@host1 ---
                circusd does not answer at tcp://x:3
                --- host4 ---
                unreachable (refused): host4: Connection refused
                """);
        assertThat(host1.problem()).isTrue();
        assertThat(onHost1(pair("user1", new PairOutput.Printed("tcp://x:1", stats))).problem())
                .isFalse();
    }

    private static CommandReport onHost1(PairOutput... pairs) {
        return new CommandReport("host1", T0, Duration.ZERO, Optional.empty(), List.of(pairs));
    }

    private static PairOutput pair(String user, PairOutput.Reply reply) {
        return new PairOutput(
                unit(user, "host1", "enabled", ActiveState.ACTIVE, "running", null).status(),
                user,
                reply);
    }
}
