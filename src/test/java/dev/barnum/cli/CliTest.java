package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.FleetChanges;
import dev.barnum.testfleet.SeedReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the original README (shared/SEED.md), end to end through real SSH to the seed
 * fleet (five hosts: see SeedFleet), and the refusals of bad input.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(60)
class CliTest extends SeedFleetCli {

    /**
     * barnum.py --verbose: the system overview, with the hosts that could not be reached and why.
     */
    @Test
    void systemOverview() {
        CliRun run = run("--verbose");
        assertThat(run.out()).isEqualTo(SeedReport.of(fleet));
        assertThat(run.exit()).as("host4 and host5 could not be reached").isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "barnum: Circus is configured on the following hosts: host1, host2, host3, host4, host5\n",
                        "barnum: Processing host1\n",
                        "bailey: Derived circus user user1 from /etc/systemd/system/circus_user1_host2.service\n",
                        "bailey: Derived circus user user5 from /etc/systemd/system/circus_user5_host3.service\n",
                        "bailey: circus cmd: ssh -q host2 circusctl --endpoint tcp://host2:8385 --timeout 1 --json status\n");
        // disabled units are found: systemd is asked for them by name, not by a glob
        assertThat(fleet.calls("host2"))
                .contains(
                        "systemctl show --no-pager -p Id,LoadState,UnitFileState,ActiveState,SubState,User,FragmentPath "
                                + "circus_user1_host2.service circus_user3_host2.service circus_user4_host2.service");
    }

    /**
     * A unit lost from its host (a reinstall, a reboot) is what the homes expect but absent:
     * systemd is asked for it by name beside the listing, and the report names the circus.ini that
     * expects it. circus cannot be asked there, so the run fails.
     */
    @Test
    void anExpectedUnitRemovedFromItsHostIsReportedWithTheCircusIniThatExpectsIt() {
        try (FleetChanges lost =
                fleet.changes().removeUnit("host1", "circus_user1_host1.service")) {
            CliRun run = run("host1");
            assertThat(run.out())
                    .isEqualTo(
                            """
                    --- user1@host1 ---
                    expected by %s, not installed on host1
                    --- user2@host1 ---
                    No circus expected
                    expected by %s, disabled on host1
                    """
                                    .formatted(
                                            fleet.home("user1").resolve("host1/circus.ini"),
                                            fleet.home("user2").resolve("host1/circus.ini")));
            assertThat(run.exit()).isEqualTo(1);
            assertThat(fleet.calls("host1"))
                    .contains(
                            "systemctl show --no-pager -p Id,LoadState,UnitFileState,ActiveState,SubState,User,FragmentPath "
                                    + "circus_user2_host1.service circus_user1_host1.service");
        }
    }

    @Test
    void withoutVerboseNothingGoesToStderr() {
        CliRun run = run("host1");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
    }

    /**
     * barnum.py host1 --verbose: every circus of one host; user2's, disabled, is expected by its
     * circus.ini for host1.
     */
    @Test
    void oneHost() {
        CliRun run = run("host1", "--verbose");
        assertThat(run.out())
                .isEqualTo(
                        """
                --- user1@host1 ---
                watcher1: active
                --- user2@host1 ---
                No circus expected
                expected by %s, disabled on host1
                """
                                .formatted(fleet.home("user2").resolve("host1/circus.ini")));
        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .startsWith(
                        "barnum: Circus is configured on the following hosts: host1\nbarnum: Processing host1\n");
        assertThat(fleet.calls("host2")).isEmpty();
    }

    /** barnum.py user1@host1 --verbose: one user's circus. */
    @Test
    void oneUserOnOneHost() {
        CliRun run = run("user1@host1", "--verbose");
        assertThat(run.out()).isEqualTo("--- user1@host1 ---\nwatcher1: active\n");
        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .contains(
                        "barnum: Processing user1@host1\n",
                        "bailey: circus cmd: ssh -q host1 circusctl --endpoint tcp://host1:5775 --timeout 1 --json status\n");
        assertThat(fleet.calls("host1"))
                .containsExactly(
                        "systemctl show --no-pager -p Id,LoadState,UnitFileState,ActiveState,SubState,User,FragmentPath circus_user1_host1.service",
                        "circusctl --endpoint tcp://host1:5775 --timeout 1 --json status");
    }

    /** barnum.py user1@host1 --verbose --dry-run: what would run, and nothing runs. */
    @Test
    void dryRunExecutesNothing() {
        CliRun run = run("user1@host1", "--verbose", "--dry-run");
        assertThat(run.out())
                .isEqualTo(
                        """
                --- user1@host1 ---
                DRY RUN; would execute: ssh -q host1 systemctl show --no-pager -p Id,LoadState,UnitFileState,ActiveState,SubState,User,FragmentPath circus_user1_host1.service
                DRY RUN; would execute, if user1's unit is running: ssh -q host1 circusctl --endpoint tcp://host1:5775 --timeout 1 --json status
                """);
        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .isEqualTo(
                        "barnum: Circus is configured on the following hosts: host1\nbarnum: Processing user1@host1\n");
        assertNothingExecuted();
    }

    @Test
    void dryRunOfTheWholeFleetConnectsNowhere() {
        CliRun run = run("--dry-run", "--", "--", "restart", "web");
        assertThat(run.out())
                .contains(
                        "--- HOST4 ---\nDRY RUN; would execute: ssh -q host4 systemctl list-unit-files --no-legend --no-pager "
                                + "--type=service 'circus_*_host4.service'\n",
                        "DRY RUN; would execute, if user2's unit is running: ssh -q host5 circusctl --endpoint tcp://host5:5775 --timeout 1 restart web\n");
        assertThat(run.exit()).isZero();
        assertNothingExecuted();
    }

    @Test
    void dryRunAfterTheFirstDoubleDashIsBaileys() {
        CliRun run = run("user1@host1", "--", "--dry-run", "--", "stats");
        assertThat(run.out())
                .contains(
                        "DRY RUN; would execute, if user1's unit is running: ssh -q host1 circusctl "
                                + "--endpoint tcp://host1:5775 --timeout 1 stats\n");
        assertNothingExecuted();
    }

    /** barnum.py -- --help: bailey's help, and nothing else happens. */
    @Test
    void baileysHelp() {
        CliRun run = run("--", "--help");
        assertThat(run.out())
                .startsWith(
                        "Usage: barnum-cli bailey [USER] [--verbose] [--dry-run] [-o json] [-- CIRCUS_ARGS...]\n")
                .contains("Exit status:");
        assertThat(run.exit()).isZero();
        assertNothingExecuted();
    }

    /** barnum.py user1@host1 --verbose -- -- stats: circus's own output, verbatim. */
    @Test
    void circusArgumentsPassThrough() throws IOException {
        CliRun run = run("user1@host1", "--verbose", "--", "--", "stats");
        assertThat(run.out())
                .isEqualTo(
                        "--- user1@host1 ---\n"
                                + Files.readString(
                                        Path.of(
                                                "src/test/resources/fixtures/circusctl/stats-one.txt")));
        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .contains(
                        "bailey: circus cmd: ssh -q host1 circusctl --endpoint tcp://host1:5775 --timeout 1 stats\n");
        assertThat(fleet.calls("host1"))
                .contains("circusctl --endpoint tcp://host1:5775 --timeout 1 stats");
    }

    @Test
    void circusArgumentsGoToEveryRunningUnitOfAHost() {
        CliRun run = run("host3", "--", "--", "numwatchers");
        assertThat(run.out())
                .isEqualTo(
                        """
                --- user1@host3 ---
                5
                --- user2@host3 ---
                circusd does not answer at tcp://127.0.0.1:5599
                --- user5@host3 ---
                No circus expected
                """);
        assertThat(run.exit()).as("user2's circusd did not answer").isEqualTo(1);
    }

    @Test
    void aFailingCircusCommandIsReportedAndFailsTheRun() {
        CliRun run = run("user1@host3", "--", "--", "status", "nosuch");
        assertThat(run.out())
                .isEqualTo("--- user1@host3 ---\nerror\nerror (command): circusctl exited 3\n");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void baileysUserArgumentNarrowsAHost() {
        CliRun run = run("host1", "--", "user1");
        assertThat(run.out()).isEqualTo("--- user1@host1 ---\nwatcher1: active\n");
        assertThat(run.exit()).isZero();
    }

    @Test
    void anUnreachableHostFailsTheRunWithItsReason() {
        CliRun run = run("host4");
        assertThat(run.out())
                .isEqualTo("--- host4 ---\nunreachable (refused): host4: Connection refused\n");
        assertThat(run.exit()).isEqualTo(1);
    }

    // --- bad input: one line naming the thing, exit 2, nothing executed ---

    @Test
    void aShardNarrowsTheReportToItsHosts() {
        CliRun run = run("--shard", "0/3");
        assertThat(run.out())
                .contains("--- HOST2 ---", "--- HOST5 ---")
                .doesNotContain("HOST1", "HOST3", "HOST4");
    }

    @Test
    void aHostOfAnotherShardOrABadShardIsRefused() {
        CliRun other = run("host1", "--shard", "0/3");
        assertRefused(other, "host1 belongs to shard 2/3, not to --shard 0/3");
        assertRefused(
                run("--shard", "3/3"),
                "--shard=3/3: expected i/N, this instance's index i (from 0) of N instances (1 to 1024), such as 0/3");
    }

    private static void assertRefused(CliRun run, String message) {
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("barnum-cli: " + message + "\n");
        assertNothingExecuted();
    }

    @Test
    void refusesMalformedYaml(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("circus_users.yaml"), "- user1\n- {user2\n");
        CliRun run = run(Map.of("barnum.users-file", yaml.toString()), "host1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("barnum-cli: " + yaml + ":3: malformed YAML")
                .doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
        assertNothingExecuted();
    }

    @Test
    void refusesAUserListThatIsNoList(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("circus_users.yaml"), "user1: yes\n");
        assertRefused(
                run(Map.of("barnum.users-file", yaml.toString())),
                yaml + ":1: expected a YAML list of user names (- user1)");
    }

    @Test
    void refusesAnUnknownHost() {
        assertRefused(
                run("host9"),
                "unknown host 'host9': no user listed in "
                        + fleet.usersFile()
                        + " has "
                        + fleet.homesTemplate().replace("{user}", "<user>")
                        + "/host9/circus.ini");
    }

    @Test
    void refusesAnUnknownUser() {
        assertRefused(
                run("user3@host2"), "unknown user 'user3': not listed in " + fleet.usersFile());
    }

    @Test
    void refusesAMissingCircusIni() {
        assertRefused(
                run("user1@host4"),
                "no circus for user1@host4: "
                        + fleet.circusIni("user1", "host4")
                        + " does not exist");
    }

    @Test
    void refusesShellMetacharactersInTheTarget() {
        assertRefused(
                run("host1;touch /tmp/x"),
                "invalid target 'host1;touch /tmp/x': expected host or user@host (letters, digits, . _ -)");
        assertRefused(
                run("$(id)@host1"),
                "invalid target '$(id)@host1': expected host or user@host (letters, digits, . _ -)");
    }

    @Test
    void refusesShellMetacharactersInCircusArguments() {
        assertRefused(
                run("user1@host1", "--", "--", "stats", "web;reboot"),
                "refusing circus argument 'web;reboot': only letters, digits and _ . , : = @ % + / - * ? are allowed");
        assertRefused(
                run("user1@host1", "--", "--", "$(reboot)"),
                "refusing circus argument '$(reboot)': only letters, digits and _ . , : = @ % + / - * ? are allowed");
    }

    /**
     * Restarting circus's whole arbiter leaves circusd dead on tcp endpoints: refused as REST and
     * JMX refuse it.
     */
    @Test
    void refusesANamelessRestartEvenInADryRun() {
        String refusal =
                "restart needs a watcher name: restarting the whole arbiter stops circusd on tcp endpoints;"
                        + " to restart every watcher, name them all: restart '*'";
        assertRefused(run("user1@host1", "--", "--", "restart"), refusal);
        assertRefused(run("--", "--", "restart"), refusal);
        assertRefused(run("user1@host1", "--dry-run", "--", "--", "restart"), refusal);
        assertRefused(
                run("host1", "--", "user1", "--dry-run", "--", "restart", "--waiting"), refusal);
    }

    @Test
    void refusesCircusOptionsThatWouldChangeTheTarget() {
        assertRefused(
                run("user2@host3", "--", "--", "--endpoint=tcp://127.0.0.1:5555", "status"),
                "refusing circus option '--endpoint=tcp://127.0.0.1:5555': the endpoint, transport and timeout are Barnum's"
                        + " to set (from circus.ini and its configuration)");
        assertRefused(
                run(
                        "user2@host3",
                        "--dry-run",
                        "--",
                        "--",
                        "status",
                        "--end",
                        "tcp://127.0.0.1:5555"),
                "refusing circus option '--end': the endpoint, transport and timeout are Barnum's to set (from circus.ini and its"
                        + " configuration)");
        assertRefused(
                run("user2@host3", "--", "--", "--ssh=root@elsewhere", "status"),
                "refusing circus option '--ssh=root@elsewhere': the endpoint, transport and timeout are Barnum's to set (from"
                        + " circus.ini and its configuration)");
    }

    @Test
    void refusesCircusCommandsOutsideTheAllowList() {
        assertRefused(
                run("user1@host1", "--", "--", "quit"),
                "circus command 'quit' is not allowed (allowed: decr, incr, list,"
                        + " numprocesses, numwatchers, reload, restart, start, stats, status, stop; see barnum.commands.allowed)");
    }

    @Test
    void restartsEveryWatcherWithCircussOwnGlob() {
        CliRun run = run("user1@host1", "--dry-run", "--", "--", "restart", "*");
        assertThat(run.out())
                .contains(
                        "DRY RUN; would execute, if user1's unit is running: ssh -q host1 circusctl "
                                + "--endpoint tcp://host1:5775 --timeout 1 restart '*'\n");
        assertThat(run.exit()).isZero();
        assertNothingExecuted();
    }

    @Test
    void refusesAnInvalidBaileyUser() {
        assertRefused(run("host1", "--", "user;id"), "invalid user 'user;id'");
        assertRefused(
                run("user1@host1", "--", "user2"),
                "the target names user user1 but bailey's arguments name user2");
    }

    @Test
    void refusesAHomeThatCannotBeRead(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("circus_users.yaml"), "- user1\n- ghost\n");
        assertRefused(
                run(Map.of("barnum.users-file", yaml.toString()), "host1"),
                fleet.homesTemplate().replace("{user}", "ghost")
                        + ": circus home of user ghost does not exist");
        Path file = Files.writeString(dir.resolve("notadir"), "");
        Path yaml2 = Files.writeString(dir.resolve("users2.yaml"), "- user1\n");
        assertRefused(
                run(
                        Map.of(
                                "barnum.users-file",
                                yaml2.toString(),
                                "barnum.homes",
                                file + "/{user}"),
                        "host1"),
                file + "/user1: circus home of user user1 does not exist");
    }

    @Test
    void refusesAConfigurationThatCannotWorkWithOneLinePerProblem() {
        CliRun run =
                run(
                        Map.of("barnum.ssh.connect-timeout", "0", "barnum.poll.parallelism", "0"),
                        "host1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo(
                        "barnum-cli: barnum.poll.parallelism=0: must be at least 1\n"
                                + "barnum-cli: barnum.ssh.connect-timeout=0s: must be longer than 0\n");
        assertNothingExecuted();
    }

    @Test
    void refusesUnknownOptionsOnOneLine() {
        CliRun run = run("--bogus");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("barnum-cli: Unknown option: '--bogus' (see --help)\n");
        CliRun bailey = run("host1", "--", "--bogus");
        assertThat(bailey.exit()).isEqualTo(2);
        assertThat(bailey.err()).isEqualTo("bailey: Unknown option: '--bogus' (see --help)\n");
        assertNothingExecuted();
    }
}
