package dev.barnum.testfleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the test fleet with the REAL OpenSSH client: what Barnum will see through ssh equals what
 * the real programs print (the captured fixtures).
 */
@Tag("fleet") // real sshds or servers: runs in verify
class TestFleetTest {

    private static TestFleet seed;

    @BeforeAll
    static void startSeed() {
        seed = SeedFleetResource.fleet();
    }

    /** The real OpenSSH client, as Barnum's users would run it. */
    static TestFleet.SshResult ssh(TestFleet fleet, Path knownHosts, String host, String command)
            throws Exception {
        Process p =
                new ProcessBuilder(
                                "ssh",
                                "-F",
                                fleet.sshConfig().toString(),
                                "-o",
                                "UserKnownHostsFile=" + knownHosts,
                                "-o",
                                "GlobalKnownHostsFile=/dev/null",
                                "-o",
                                "StrictHostKeyChecking=yes",
                                "-o",
                                "BatchMode=yes",
                                "-o",
                                "ConnectTimeout=2",
                                host,
                                command)
                        .redirectInput(new File("/dev/null"))
                        .start();
        byte[] err;
        byte[] out;
        try (InputStream e = p.getErrorStream();
                InputStream o = p.getInputStream()) {
            // both pipes stay small here: read stdout fully, then stderr
            out = o.readAllBytes();
            err = e.readAllBytes();
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new TestFleet.SshResult(p.exitValue(), out, new String(err, StandardCharsets.UTF_8));
    }

    static TestFleet.SshResult ssh(TestFleet fleet, String host, String command) throws Exception {
        return ssh(fleet, fleet.knownHosts(), host, command);
    }

    /**
     * The stdout of one command of a systemctl transcript ({@code $ command}, output, {@code [exit
     * N]}).
     */
    static String transcript(String file, String command) {
        String text =
                new String(
                        CircusctlCase.resource("fixtures/systemctl/" + file),
                        StandardCharsets.UTF_8);
        int start = text.indexOf("$ " + command + "\n");
        assertThat(start).as("%s in %s", command, file).isNotNegative();
        start += command.length() + 3;
        return text.substring(start, text.indexOf("[exit ", start));
    }

    static int transcriptExit(String file, String command) {
        String text =
                new String(
                        CircusctlCase.resource("fixtures/systemctl/" + file),
                        StandardCharsets.UTF_8);
        int start = text.indexOf("$ " + command + "\n");
        int exit = text.indexOf("[exit ", start);
        return Integer.parseInt(text.substring(exit + 6, text.indexOf(']', exit)));
    }

    // ------------------------------------------------------------------------------------------

    @Test
    @Timeout(60)
    void eachSessionRunsOnItsOwnHostname() throws Exception {
        for (String host : List.of("host1", "host2", "host3")) {
            TestFleet.SshResult r = ssh(seed, host, "hostname");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.out()).isEqualTo(host + "\n");
            assertThat(r.stderr()).isEmpty();
        }
    }

    @Test
    @Timeout(60)
    void theShimsShadowTheRealPrograms() throws Exception {
        TestFleet.SshResult r =
                ssh(seed, "host1", "command -v systemctl circusctl; ls /etc/systemd/system");
        assertThat(r.out())
                .isEqualTo(
                        "/usr/local/bin/systemctl\n/usr/local/bin/circusctl\n"
                                + "circus_user1_host1.service\ncircus_user2_host1.service\n");
    }

    @Test
    @Timeout(60)
    void listUnitFilesPrintsSystemdsLayout() throws Exception {
        String offline = "captured-offline-systemd252.txt";
        TestFleet.SshResult legend = ssh(seed, "host1", "systemctl list-unit-files 'circus*'");
        assertThat(legend.out())
                .isEqualTo(transcript(offline, "systemctl --root=ROOT list-unit-files circus*"));
        assertThat(legend.out()).contains("circus_user1_host1.service enabled  enabled\n");
        assertThat(legend.exitCode()).isZero();

        String noLegend =
                transcript(
                        offline,
                        "systemctl --root=ROOT list-unit-files --no-legend --type=service circus_*");
        TestFleet.SshResult plain =
                ssh(
                        seed,
                        "host1",
                        "systemctl list-unit-files --no-legend --type=service 'circus_*'");
        assertThat(plain.out()).isEqualTo(noLegend);
        assertThat(plain.exitCode()).isZero();
        // options in any order, several patterns
        TestFleet.SshResult shuffled =
                ssh(
                        seed,
                        "host1",
                        "systemctl --no-pager list-unit-files 'circus_user2*' --plain --type=service 'circus_user1*' --no-legend");
        assertThat(shuffled.out()).isEqualTo(noLegend);

        TestFleet.SshResult none =
                ssh(
                        seed,
                        "host1",
                        "systemctl list-unit-files --no-legend --type=service 'nomatch_*'");
        assertThat(none.out()).isEmpty();
        assertThat(none.exitCode()).isEqualTo(1);
        TestFleet.SshResult noneLegend = ssh(seed, "host1", "systemctl list-unit-files 'nomatch*'");
        assertThat(noneLegend.out())
                .isEqualTo(transcript(offline, "systemctl list-unit-files circus*"));
        assertThat(noneLegend.exitCode()).isEqualTo(1);

        // column widths follow the widest cell
        TestFleet.SshResult host2 =
                ssh(seed, "host2", "systemctl list-unit-files --no-legend 'circus_*'");
        assertThat(host2.out())
                .isEqualTo(
                        "circus_user1_host2.service enabled  enabled\n"
                                + "circus_user3_host2.service enabled  enabled\n"
                                + "circus_user4_host2.service disabled enabled\n");
        TestFleet.SshResult host3 =
                ssh(seed, "host3", "systemctl list-unit-files --no-legend 'circus_*'");
        assertThat(host3.out())
                .isEqualTo(
                        "circus_user1_host3.service enabled enabled\n"
                                + "circus_user2_host3.service enabled enabled\n"
                                + "circus_user5_host3.service enabled enabled\n");
    }

    @Test
    @Timeout(60)
    void showWithAGlobMissesUnloadedUnitsButExplicitNamesWork() throws Exception {
        String props = "-p Id,UnitFileState,ActiveState,SubState,User,FragmentPath";
        TestFleet.SshResult glob = ssh(seed, "host1", "systemctl show " + props + " 'circus_*'");
        assertThat(glob.exitCode()).isZero();
        assertThat(glob.out())
                .isEqualTo(
                        "User=user1\n"
                                + "Id=circus_user1_host1.service\n"
                                + "ActiveState=active\n"
                                + "SubState=running\n"
                                + "FragmentPath=/etc/systemd/system/circus_user1_host1.service\n"
                                + "UnitFileState=enabled\n");

        TestFleet.SshResult explicit =
                ssh(
                        seed,
                        "host1",
                        "systemctl show --no-pager "
                                + props
                                + ",LoadState circus_user2_host1.service circus_user1_host1.service");
        assertThat(explicit.exitCode()).isZero();
        assertThat(explicit.out())
                .isEqualTo(
                        "User=user2\n"
                                + "Id=circus_user2_host1.service\n"
                                + "LoadState=loaded\n"
                                + "ActiveState=inactive\n"
                                + "SubState=dead\n"
                                + "FragmentPath=/etc/systemd/system/circus_user2_host1.service\n"
                                + "UnitFileState=disabled\n"
                                + "\n"
                                + "User=user1\n"
                                + "Id=circus_user1_host1.service\n"
                                + "LoadState=loaded\n"
                                + "ActiveState=active\n"
                                + "SubState=running\n"
                                + "FragmentPath=/etc/systemd/system/circus_user1_host1.service\n"
                                + "UnitFileState=enabled\n");

        TestFleet.SshResult missing =
                ssh(seed, "host1", "systemctl show --property=User,Id,LoadState nosuch.service");
        assertThat(missing.out()).isEqualTo("User=\nId=nosuch.service\nLoadState=not-found\n");

        // a unit file without User=: the user must come from the name
        TestFleet.SshResult noUser =
                ssh(
                        seed,
                        "host3",
                        "systemctl show -p User,Id,ActiveState,SubState circus_user5_host3.service");
        assertThat(noUser.out())
                .isEqualTo(
                        "User=\nId=circus_user5_host3.service\nActiveState=failed\nSubState=failed\n");
        // failed units are loaded: a glob finds them
        TestFleet.SshResult host3 = ssh(seed, "host3", "systemctl show -p Id 'circus_*'");
        assertThat(host3.out())
                .isEqualTo(
                        "Id=circus_user1_host3.service\n\nId=circus_user2_host3.service\n\n"
                                + "Id=circus_user5_host3.service\n");
    }

    @Test
    @Timeout(60)
    void otherVerbsAreUnknown() throws Exception {
        TestFleet.SshResult r =
                ssh(seed, "host1", "systemctl is-active circus_user1_host1.service");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.stderr()).isEqualTo("Unknown command verb 'is-active'.\n");
    }

    /** A fleet laid out like the reconstructed transcript of a running systemd 252. */
    @Test
    @Timeout(120)
    void systemctlMatchesTheReconstructedRunningSystemd() throws Exception {
        String running = "reconstructed-systemd252-running.txt";
        try (TestFleet fleet =
                TestFleet.builder()
                        .host(
                                "host1",
                                h ->
                                        h.unit("user1", "enabled", "active", "running")
                                                .unit("user2", "disabled", "inactive", "dead")
                                                .unit("user3", "enabled", "failed", "failed"))
                        .start()) {
            assertThat(fleet.address("host1")).isNotEqualTo(seed.address("host1"));
            for (String command :
                    List.of(
                            "systemctl list-unit-files 'circus*'",
                            "systemctl list-unit-files --no-legend --type=service 'circus_*'",
                            "systemctl show -p Id,UnitFileState,ActiveState,SubState,User,FragmentPath 'circus_*'",
                            "systemctl show -p Id,UnitFileState,ActiveState,SubState,User,FragmentPath circus_user2_host1.service nosuch.service")) {
                TestFleet.SshResult r = ssh(fleet, "host1", command);
                assertThat(r.out()).as(command).isEqualTo(transcript(running, "" + command));
                assertThat(r.exitCode()).as(command).isEqualTo(transcriptExit(running, command));
                assertThat(r.stderr()).as(command).isEmpty();
            }
            // runtime changes show at once
            fleet.setUnitState(
                    "host1", "circus_user2_host1.service", "enabled", "active", "running");
            TestFleet.SshResult r = ssh(fleet, "host1", "systemctl show -p Id 'circus_*'");
            assertThat(r.out())
                    .isEqualTo(
                            "Id=circus_user1_host1.service\n\nId=circus_user2_host1.service\n\n"
                                    + "Id=circus_user3_host1.service\n");
        }
    }

    @Test
    @Timeout(120)
    void host3ReplaysTheCapturedCircusctlOutputs() throws Exception {
        for (String name : SeedFleet.HOST3_FIXTURES) {
            CircusctlCase c = CircusctlCase.load(name);
            TestFleet.SshResult r = ssh(seed, "host3", c.command());
            assertThat(r.stdout()).as(name).isEqualTo(c.stdout());
            assertThat(r.stderr()).as(name).isEqualTo(c.err());
            assertThat(r.exitCode()).as(name).isEqualTo(c.exitCode());
        }
        TestFleet.SshResult json =
                ssh(seed, "host3", "circusctl --endpoint tcp://127.0.0.1:5555 --json status");
        assertThat(json.stdout())
                .isEqualTo(CircusctlCase.resource("fixtures/circusctl/json-status-all-a.txt"));
    }

    @Test
    @Timeout(60)
    void circusctlUsageErrorsAndHelpAreTheRealOnes() throws Exception {
        for (String name :
                List.of("json-after-command", "unknown-command", "help", "help-status")) {
            CircusctlCase c = CircusctlCase.load(name);
            TestFleet.SshResult r = ssh(seed, "host3", c.command());
            assertThat(r.stdout()).as(name).isEqualTo(c.stdout());
            assertThat(r.stderr()).as(name).isEqualTo(c.err());
            assertThat(r.exitCode()).as(name).isEqualTo(c.exitCode());
        }
        // an endpoint that answers, a command without a canned reply
        TestFleet.SshResult text =
                ssh(seed, "host1", "circusctl --endpoint tcp://host1:5775 numwatchers");
        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.stderr())
                .isEqualTo(
                        "usage: circusctl [options] command [args]\n"
                                + "circusctl: error: unrecognized arguments: numwatchers\n");
        TestFleet.SshResult json =
                ssh(seed, "host1", "circusctl --endpoint tcp://host1:5775 --json numwatchers");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out())
                .isEqualTo(
                        "{\"status\": \"error\", \"reason\": \"unknown command: 'numwatchers'\", "
                                + "\"tb\": null, \"time\": 1795571161.166781, \"errno\": 2, \"id\": null}\n");
        TestFleet.SshResult unknownWatcher =
                ssh(seed, "host1", "circusctl --endpoint tcp://host1:5775 status nosuch");
        assertThat(unknownWatcher.exitCode()).isEqualTo(3);
        assertThat(unknownWatcher.stderr()).isEqualTo("error\n");
        TestFleet.SshResult seedStatus =
                ssh(seed, "host1", "circusctl --endpoint tcp://host1:5775 --json status");
        assertThat(seedStatus.out())
                .isEqualTo(
                        "{\"status\": \"ok\", \"time\": 1795574713.110371, "
                                + "\"statuses\": {\"watcher1\": \"active\"}, \"id\": \"cf3207ba88ce4fddbe332c337a288721\"}\n");
        assertThat(ssh(seed, "host1", "circusctl --endpoint tcp://host1:5775 stats").stdout())
                .isEqualTo(CircusctlCase.load("stats-one").stdout());
    }

    @Test
    @Timeout(60)
    void anEndpointWithoutCircusdTimesOut() throws Exception {
        for (String name : List.of("status-endpoint-down", "json-status-endpoint-down")) {
            CircusctlCase c = CircusctlCase.load(name);
            long start = System.nanoTime();
            TestFleet.SshResult r = ssh(seed, "host3", c.command());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.stdout()).as(name).isEqualTo(c.stdout());
            assertThat(r.stderr()).as(name).isEqualTo(c.err());
            assertThat(r.exitCode()).as(name).isEqualTo(1);
            assertThat(took).as(name).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        // host2's user3 circus.ini has no endpoint: the default one answers there
        assertThat(ssh(seed, "host2", "circusctl status").out()).isEqualTo("watcher3: active\n");
    }

    @Test
    @Timeout(60)
    void aRefusedHostRefuses() throws Exception {
        TestFleet.SshResult r = ssh(seed, "host4", "hostname");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("Connection refused");
    }

    @Test
    @Timeout(60)
    void anUnknownHostKeyFailsVerification() throws Exception {
        TestFleet.SshResult r = ssh(seed, "host5", "hostname");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("Host key verification failed");
        assertThat(seed.calls("host5")).isEmpty();

        // its sshd is real: with the key known, it answers
        Path known = Files.createTempFile("known_hosts", "");
        try {
            Files.writeString(known, seed.knownHostsLine("host5") + "\n");
            TestFleet.SshResult ok =
                    ssh(seed, known, "host5", "hostname; systemctl list-unit-files --no-legend");
            assertThat(ok.out()).isEqualTo("host5\ncircus_user2_host5.service enabled enabled\n");
        } finally {
            Files.delete(known);
        }
    }

    @Test
    @Timeout(60)
    void callsLogRecordsEveryInvocation() throws Exception {
        seed.clearCalls();
        ssh(seed, "host1", "systemctl list-unit-files --no-legend --type=service 'circus_*'");
        ssh(
                seed,
                "host1",
                "systemctl show -p Id,User circus_user1_host1.service circus_user2_host1.service");
        ssh(seed, "host1", "circusctl --endpoint tcp://host1:5775 --timeout 1 --json status");
        assertThat(seed.calls("host1"))
                .containsExactly(
                        "systemctl list-unit-files --no-legend --type=service circus_*",
                        "systemctl show -p Id,User circus_user1_host1.service circus_user2_host1.service",
                        "circusctl --endpoint tcp://host1:5775 --timeout 1 --json status");
        assertThat(seed.calls("host2")).isEmpty();
        // a view on the same fleet (as another class loader would get) sees the same
        assertThat(TestFleet.attach(seed.root()).calls("host1")).hasSize(3);
        seed.clearCalls();
        assertThat(seed.calls("host1")).isEmpty();
    }

    @Test
    @Timeout(60)
    void manySessionsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<TestFleet.SshResult>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String host = "host" + (1 + i % 3);
                results.add(
                        pool.submit(
                                () ->
                                        ssh(
                                                seed,
                                                host,
                                                "systemctl list-unit-files --no-legend 'circus_*'; hostname")));
            }
            for (int i = 0; i < results.size(); i++) {
                TestFleet.SshResult r = results.get(i).get();
                assertThat(r.exitCode()).as(r.stderr()).isZero();
                assertThat(r.out()).endsWith("host" + (1 + i % 3) + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSeedFleetsFilesAndConfiguration() throws Exception {
        assertThat(seed.barnumConfig())
                .containsOnlyKeys(
                        "barnum.users-file",
                        "barnum.homes",
                        "barnum.ssh.config-file",
                        "barnum.ssh.known-hosts",
                        "barnum.ssh.identity-file",
                        "barnum.ssh.user",
                        "barnum.ssh.connect-timeout",
                        "barnum.ssh.command-timeout",
                        "barnum.circus.timeout",
                        "barnum.circus.transport");
        assertThat(seed.barnumConfig())
                .containsEntry("barnum.homes", seed.root() + "/users/{user}/circus")
                .containsEntry("barnum.ssh.user", System.getProperty("user.name"))
                .containsEntry("barnum.circus.timeout", "1s")
                .containsEntry("barnum.circus.transport", "circusctl");
        assertThat(Files.readString(seed.usersFile())).isEqualTo("---\n\n- user1\n- user2\n");
        assertThat(Files.readString(seed.circusIni("user1", "host1")))
                .isEqualTo("[circus]\nendpoint = tcp://host1:5775\n");
        assertThat(Files.readString(seed.circusIni("user3", "host2")))
                .isEqualTo("[circus]\ncheck_delay = 5\n");
        assertThat(seed.home("user4")).doesNotExist();
        assertThat(seed.circusIni("user2", "host4")).exists();
        assertThat(seed.address("host1")).isEqualTo("127.0.0.11");
        assertThat(seed.address("host5")).isEqualTo("127.0.0.15");
        int port = seed.port("host1");
        assertThat(Files.readString(seed.sshConfig()))
                .contains(
                        "Host host1\n    HostName 127.0.0.11\n    Port "
                                + port
                                + "\n    User "
                                + seed.user()
                                + "\n    IdentityFile "
                                + seed.identityFile()
                                + "\n");
        List<String> known = Files.readAllLines(seed.knownHosts());
        assertThat(known).hasSize(3);
        assertThat(known.get(0)).startsWith("[127.0.0.11]:" + port + " ssh-ed25519 ");
        assertThat(known)
                .noneMatch(l -> l.startsWith("[127.0.0.14]") || l.startsWith("[127.0.0.15]"));
        assertThat(
                        Files.readString(
                                seed.hostDir("host3").resolve("units/circus_user5_host3.service")))
                .doesNotContain("User=")
                .contains(
                        "ExecStart=/usr/local/bin/circusd /users/user5/circus/host3/circus.ini\n");
    }

    @Test
    @Timeout(120)
    void blackholesStoppedHostsAndCleanUp() throws Exception {
        TestFleet fleet =
                TestFleet.builder()
                        .users("alice")
                        .circusIni("alice", "web1", "[circus]\nendpoint = tcp://web1:5555\n")
                        .host(
                                "web1",
                                h ->
                                        h.unit("alice", "enabled", "active", "running")
                                                .endpoint(
                                                        "tcp://web1:5555",
                                                        e ->
                                                                e.reply("status", "w: active\n")
                                                                        .reply(
                                                                                "--json status",
                                                                                Reply.of("{}\n")
                                                                                        .delayed(
                                                                                                Duration
                                                                                                        .ofMillis(
                                                                                                                1500)))))
                        .blackholeHost("bh1")
                        .start();
        Path root = fleet.root();
        try {
            long start = System.nanoTime();
            TestFleet.SshResult hole = ssh(fleet, "bh1", "hostname");
            assertThat(hole.exitCode()).isEqualTo(255);
            assertThat(hole.stderr()).containsIgnoringCase("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

            assertThat(ssh(fleet, "web1", "circusctl --endpoint tcp://web1:5555 status").out())
                    .isEqualTo("w: active\n");
            start = System.nanoTime();
            assertThat(
                            ssh(fleet, "web1", "circusctl --endpoint tcp://web1:5555 --json status")
                                    .out())
                    .isEqualTo("{}\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1500));

            // a session still running when the host goes away dies with it
            fleet.setReply(
                    "web1",
                    "tcp://web1:5555",
                    "stats",
                    Reply.of("late\n").delayed(Duration.ofSeconds(30)));
            Process slow =
                    new ProcessBuilder(
                                    "ssh",
                                    "-F",
                                    fleet.sshConfig().toString(),
                                    "-o",
                                    "UserKnownHostsFile=" + fleet.knownHosts(),
                                    "-o",
                                    "BatchMode=yes",
                                    "web1",
                                    "circusctl --endpoint tcp://web1:5555 stats")
                            .redirectErrorStream(true)
                            .start();
            while (!fleet.calls("web1").contains("circusctl --endpoint tcp://web1:5555 stats")) {
                assertThat(slow.isAlive()).isTrue();
                Thread.sleep(20);
            }
            fleet.stopHost("web1");
            assertThat(slow.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(delayedReplySleeps()).isEmpty();
            TestFleet.SshResult gone = ssh(fleet, "web1", "hostname");
            assertThat(gone.exitCode()).isEqualTo(255);
            assertThat(gone.stderr()).contains("Connection refused");
            fleet.startHost("web1");
            assertThat(ssh(fleet, "web1", "hostname").out()).isEqualTo("web1\n");

            fleet.silenceEndpoint("web1", "tcp://web1:5555");
            TestFleet.SshResult silent =
                    ssh(fleet, "web1", "circusctl --endpoint tcp://web1:5555 --timeout 1 status");
            assertThat(silent.exitCode()).isEqualTo(1);
            assertThat(silent.stderr()).startsWith("Timed out.\n");
            assertThat(processesOf(root)).isNotEmpty();
        } finally {
            fleet.close();
        }
        assertThat(processesOf(root)).isEmpty();
        assertThat(root).doesNotExist();
    }

    /** The seed fleet, as its test classes share it, changes only within changes(). */
    @Test
    void aSharedFleetRefusesChangesOutsideChanges() {
        assertThatThrownBy(
                        () ->
                                seed.setReply(
                                        "host1", "tcp://host1:5775", "stats", Reply.of("none\n")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> seed.stopHost("host2"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> seed.setShim("host1", "systemctl", "#!/bin/sh\n"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(
                        () ->
                                seed.setUnitState(
                                        "host1",
                                        "circus_user1_host1.service",
                                        "disabled",
                                        "inactive",
                                        "dead"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** Closed changes leave the fleet as they found it, byte for byte, and its hosts up. */
    @Test
    @Timeout(120)
    void changesPutBackWhatTheyChanged() throws Exception {
        String endpoint = "tcp://web1:5555";
        try (TestFleet fleet =
                TestFleet.builder()
                        .users("alice")
                        .host(
                                "web1",
                                h ->
                                        h.endpoint(
                                                endpoint,
                                                e ->
                                                        e.reply("status", "w: active\n")
                                                                .reply("--json status", "{}\n")))
                        .start()) {
            Map<String, String> before = repliesAndUsers(fleet);
            try (FleetChanges changes =
                    fleet.changes()
                            .reply("web1", endpoint, "status", Reply.of("w: stopped\n"))
                            .replies(
                                    "web1",
                                    endpoint,
                                    "--json stats",
                                    Reply.of("busy\n", 1, "error\n"),
                                    Reply.of("{}\n"))
                            .delay("web1", endpoint, "--json status", Duration.ofMillis(10))
                            .reply("web1", "tcp://web1:6666", "status", Reply.of("w6: active\n"))
                            .usersFile("- {bob\n")) {
                assertThat(ssh(fleet, "web1", "circusctl --endpoint " + endpoint + " status").out())
                        .isEqualTo("w: stopped\n");
                assertThat(ssh(fleet, "web1", "circusctl --endpoint tcp://web1:6666 status").out())
                        .isEqualTo("w6: active\n");
                String stats = "circusctl --endpoint " + endpoint + " --json stats";
                assertThat(ssh(fleet, "web1", stats).exitCode()).isEqualTo(1);
                assertThat(ssh(fleet, "web1", stats).out()).isEqualTo("{}\n");
                assertThat(Files.readString(fleet.usersFile())).isEqualTo("- {bob\n");
                changes.stopHost("web1");
                assertThat(ssh(fleet, "web1", "hostname").stderr()).contains("Connection refused");
            }
            assertThat(repliesAndUsers(fleet)).isEqualTo(before);
            assertThat(ssh(fleet, "web1", "circusctl --endpoint " + endpoint + " status").out())
                    .isEqualTo("w: active\n");
            TestFleet.SshResult silent =
                    ssh(fleet, "web1", "circusctl --endpoint tcp://web1:6666 --timeout 1 status");
            assertThat(silent.exitCode()).as("an endpoint no circusd answers again").isEqualTo(1);
            assertThat(silent.stderr()).startsWith("Timed out.\n");
        }
    }

    /** Every reply file of every host, and the users file, by path under the root. */
    private static Map<String, String> repliesAndUsers(TestFleet fleet) throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put("circus_users.yaml", Files.readString(fleet.usersFile()));
        for (String host : fleet.hosts()) {
            try (Stream<Path> all = Files.walk(fleet.hostDir(host).resolve("state/circus"))) {
                for (Path p : all.toList()) {
                    files.put(
                            fleet.root().relativize(p).toString(),
                            Files.isDirectory(p) ? "/" : Files.readString(p));
                }
            }
        }
        return files;
    }

    /** Processes whose command line names a file under root (the fleet's sshds). */
    static List<String> processesOf(Path root) throws IOException {
        return commandLines().filter(c -> c.contains(root.toString())).toList();
    }

    /** The circusctl shim's sleep of a delayed reply. */
    static List<String> delayedReplySleeps() throws IOException {
        return commandLines().filter(c -> c.startsWith("sleep 30.000")).toList();
    }

    static Stream<String> commandLines() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    out.add(
                            new String(
                                            Files.readAllBytes(p.resolve("cmdline")),
                                            StandardCharsets.UTF_8)
                                    .replace('\0', ' '));
                } catch (IOException e) {
                    // gone
                }
            }
        }
        return out.stream();
    }
}
