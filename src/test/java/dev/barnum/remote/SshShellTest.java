package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.barnum.TestConfig;
import dev.barnum.base.Deadline.Ticker;
import dev.barnum.testfleet.TestFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshShell} against real OpenSSH servers on loopback. */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(60)
class SshShellTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static TestFleet fleet;

    @BeforeAll
    static void start() {
        fleet =
                TestFleet.builder()
                        .host("alpha", h -> {})
                        .host("beta", h -> {})
                        .unknownHostKeyHost("stranger", h -> {})
                        .refusedHost("gone")
                        .blackholeHost("silent")
                        .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    private static SshShell shell(String host) {
        return shell(host, fleet.barnumConfig());
    }

    private static SshShell shell(String host, Map<String, String> config) {
        return new SshShell(host, SshSettings.from(TestConfig.barnum(config).ssh()), Ticker.SYSTEM);
    }

    @Test
    void runsACommandThroughTheOpenSshConfigAlias() throws Exception {
        try (SshShell shell = shell("alpha")) {
            ExecResult result =
                    shell.run(
                            List.of("sh", "-c", "echo out; echo err >&2; hostname; exit 3"),
                            TIMEOUT);
            assertThat(result.exit()).isEqualTo(3);
            assertThat(result.stdout()).isEqualTo("out\nalpha\n");
            assertThat(result.stderr()).isEqualTo("err\n");
            assertThat(shell.describe(List.of("circusctl", "status")))
                    .isEqualTo("ssh -q alpha circusctl status");
        }
    }

    @Test
    void hostileWordsArriveVerbatimAndRunNothing() throws Exception {
        List<String> words =
                List.of("a;touch /tmp/barnum-ssh-pwned", "$(id)", "`id`", "it's", "*", "");
        try (SshShell shell = shell("alpha")) {
            List<String> argv = new java.util.ArrayList<>(List.of("printf", "[%s]\\n"));
            argv.addAll(words);
            ExecResult result = shell.run(argv, TIMEOUT);
            assertThat(result.stdout())
                    .isEqualTo(
                            "[a;touch /tmp/barnum-ssh-pwned]\n[$(id)]\n[`id`]\n[it's]\n[*]\n[]\n");
        }
        assertThat(Path.of("/tmp/barnum-ssh-pwned")).doesNotExist();
    }

    /**
     * A host's output is not Barnum's to trust: kept up to a limit, drained past it, and the
     * session goes on.
     */
    @Test
    void aCommandThatPrintsWithoutEndIsRefusedAndTheSessionGoesOn() throws Exception {
        try (SshShell shell = shell("alpha")) {
            long printed = BoundedOutput.LIMIT + 1_000_000L;
            assertThatThrownBy(
                            () ->
                                    shell.run(
                                            List.of(
                                                    "head",
                                                    "-c",
                                                    Long.toString(printed),
                                                    "/dev/zero"),
                                            TIMEOUT))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PARSE))
                    .hasMessage(
                            "alpha: head printed "
                                    + printed
                                    + " bytes on stdout, more than the "
                                    + BoundedOutput.LIMIT
                                    + " Barnum reads");
            assertThat(shell.run(List.of("echo", "still here"), TIMEOUT).stdout())
                    .isEqualTo("still here\n");
        }
    }

    @Test
    void reusesOneSessionAcrossCommands() throws Exception {
        try (SshShell shell = shell("alpha")) {
            String first = connection(shell);
            assertThat(connection(shell)).isEqualTo(first);
            assertThat(connection(shell)).isEqualTo(first);
        }
    }

    @Test
    void aCommandPastItsDeadlineIsATimeoutAndTheSessionIsRebuilt() throws Exception {
        try (SshShell shell = shell("beta")) {
            String before = connection(shell);
            assertThatThrownBy(() -> shell.run(List.of("sleep", "30"), Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
                    .hasMessageContaining("did not finish within 500 ms");
            String after = connection(shell);
            assertThat(after).isNotEqualTo(before);
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWhateverTheOpenSshConfigSays(
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path sshConfig =
                Files.writeString(
                        dir.resolve("ssh_config"),
                        "Host *\n    StrictHostKeyChecking no\n\n"
                                + Files.readString(fleet.sshConfig()));
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.config-file", sshConfig.toString());
        try (SshShell shell = shell("stranger", config)) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.HOSTKEY))
                    .hasMessageStartingWith("stranger: host key unknown, refusing to connect");
        }
    }

    @Test
    void aChangedHostKeyIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // beta's known_hosts entry now holds alpha's key: exactly what a changed host key looks
        // like
        String alphaKey = fleet.knownHostsLine("alpha").split(" ", 2)[1];
        String betaName = fleet.knownHostsLine("beta").split(" ", 2)[0];
        Path knownHosts =
                Files.writeString(dir.resolve("known_hosts"), betaName + " " + alphaKey + "\n");
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.known-hosts", knownHosts.toString());
        try (SshShell shell = shell("beta", config)) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.HOSTKEY))
                    .hasMessageStartingWith("beta: host key CHANGED, refusing to connect");
        }
    }

    /*
     * jsch takes an OpenSSH config's UserKnownHostsFile as the session's only host keys. Barnum's
     * own known_hosts (barnum.ssh.known-hosts) must decide alone: an OpenSSH config that names a
     * file holding the host's current key must not let a changed or unknown key through.
     */

    @Test
    void aChangedKeyIsRefusedThoughTheOpenSshConfigNamesAFileWithTheRightKey(@TempDir Path dir)
            throws IOException {
        Path knownHosts = knownHosts(dir, fleet.knownHostsLine("alpha"), betaNameWithAlphasKey());
        Map<String, String> config =
                config(dir, knownHosts, "UserKnownHostsFile " + fleet.knownHosts());
        assertRefused(
                "beta",
                config,
                "beta: host key CHANGED, refusing to connect ("
                        + knownHosts
                        + " holds another key;");
    }

    @Test
    void anUnknownKeyIsRefusedThoughTheOpenSshConfigNamesAFileWithTheRightKey(@TempDir Path dir)
            throws IOException {
        Path knownHosts = knownHosts(dir, fleet.knownHostsLine("alpha"));
        Map<String, String> config =
                config(dir, knownHosts, "UserKnownHostsFile " + fleet.knownHosts());
        assertRefused(
                "beta",
                config,
                "beta: host key unknown, refusing to connect (not in " + knownHosts + ")");
    }

    @Test
    void aChangedKeyIsRefusedThoughTheOpenSshConfigTurnsCheckingOff(@TempDir Path dir)
            throws IOException {
        Path knownHosts = knownHosts(dir, fleet.knownHostsLine("alpha"), betaNameWithAlphasKey());
        Map<String, String> config =
                config(
                        dir,
                        knownHosts,
                        "StrictHostKeyChecking no\n    UserKnownHostsFile "
                                + fleet.knownHosts()
                                + "\n    GlobalKnownHostsFile "
                                + fleet.knownHosts());
        assertRefused(
                "beta",
                config,
                "beta: host key CHANGED, refusing to connect ("
                        + knownHosts
                        + " holds another key;");
    }

    @Test
    void theOpenSshConfigsKnownHostsFileDoesNotHideBarnumsKeys(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        Map<String, String> config = config(dir, fleet.knownHosts(), "UserKnownHostsFile " + empty);
        try (SshShell shell = shell("beta", config)) {
            assertThat(shell.run(List.of("hostname"), TIMEOUT).stdout()).isEqualTo("beta\n");
        }
    }

    /**
     * jsch opens an OpenSSH config's UserKnownHostsFile while it creates a session, before any
     * deadline applies: a FIFO (or a hung network file system) there would block the poll thread
     * for good. Barnum never opens it.
     */
    @Test
    void theOpenSshConfigsKnownHostsFileIsNeverOpened(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Map<String, String> config = config(dir, fleet.knownHosts(), "UserKnownHostsFile " + fifo);
        SshShell shell = shell("beta", config);
        try {
            ExecResult result =
                    assertTimeoutPreemptively(
                            TIMEOUT.multipliedBy(2), () -> shell.run(List.of("hostname"), TIMEOUT));
            assertThat(result.stdout()).isEqualTo("beta\n");
        } finally {
            // before closing the shell, whose lock a reader blocked in opening the FIFO holds:
            // opened
            // read-write, a FIFO never blocks, and it releases that reader
            new java.io.RandomAccessFile(fifo.toFile(), "rw").close();
            shell.close();
        }
    }

    /**
     * A HostKeyAlias of Barnum's own OpenSSH config only chooses which line of Barnum's known_hosts
     * applies.
     */
    @Test
    void aHostKeyAliasIsLookedUpInBarnumsFile(@TempDir Path dir) throws Exception {
        String betaKey = fleet.knownHostsLine("beta").split(" ", 2)[1];
        String alphaKey = fleet.knownHostsLine("alpha").split(" ", 2)[1];
        Path sshConfig =
                Files.writeString(
                        dir.resolve("ssh_config"),
                        Files.readString(fleet.sshConfig())
                                .replace(
                                        "Host beta\n",
                                        "Host beta\n    HostKeyAlias beta.example\n"));
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.config-file", sshConfig.toString());
        config.put("barnum.ssh.known-hosts", knownHosts(dir, "beta.example " + betaKey).toString());
        try (SshShell shell = shell("beta", config)) {
            assertThat(shell.run(List.of("hostname"), TIMEOUT).stdout()).isEqualTo("beta\n");
        }
        Path other = dir.resolve("other");
        Files.createDirectory(other);
        config.put(
                "barnum.ssh.known-hosts", knownHosts(other, "beta.example " + alphaKey).toString());
        assertRefused("beta", config, "beta: host key CHANGED, refusing to connect");
    }

    @Test
    void aRevokedKeyIsRefusedAsRevoked(@TempDir Path dir) throws IOException {
        Path knownHosts =
                knownHosts(
                        dir,
                        fleet.knownHostsLine("beta"),
                        "@revoked " + fleet.knownHostsLine("beta"));
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.known-hosts", knownHosts.toString());
        assertRefused(
                "beta",
                config,
                "beta: host key REVOKED, refusing to connect (marked @revoked in "
                        + knownHosts
                        + ")");
    }

    /** beta's known_hosts name with alpha's key: exactly what a changed host key looks like. */
    private static String betaNameWithAlphasKey() {
        return fleet.knownHostsLine("beta").split(" ", 2)[0]
                + " "
                + fleet.knownHostsLine("alpha").split(" ", 2)[1];
    }

    private static Path knownHosts(Path dir, String... lines) throws IOException {
        return Files.writeString(dir.resolve("known_hosts"), String.join("\n", lines) + "\n");
    }

    /**
     * The fleet's config with Barnum's known_hosts and an OpenSSH config whose {@code Host *}
     * starts with {@code options}.
     */
    private static Map<String, String> config(Path dir, Path knownHosts, String options)
            throws IOException {
        Path sshConfig =
                Files.writeString(
                        dir.resolve("ssh_config"),
                        "Host *\n    " + options + "\n\n" + Files.readString(fleet.sshConfig()));
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.known-hosts", knownHosts.toString());
        config.put("barnum.ssh.config-file", sshConfig.toString());
        return config;
    }

    private static void assertRefused(
            String host, Map<String, String> config, String messageStart) {
        try (SshShell shell = shell(host, config)) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.HOSTKEY))
                    .hasMessageStartingWith(messageStart)
                    .hasMessageNotContaining(fleet.knownHosts().toString());
        }
    }

    @Test
    void nothingListeningIsRefused() {
        try (SshShell shell = shell("gone")) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                    .hasMessageContaining("Connection refused");
        }
    }

    @Test
    void aHostThatNeverSpeaksIsATimeout() {
        try (SshShell shell = shell("silent")) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        }
    }

    @Test
    void aKeyTheHostDoesNotKnowIsAnAuthFailure(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path key = dir.resolve("other_key");
        Process keygen =
                new ProcessBuilder(
                                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                        .start();
        assertThat(keygen.waitFor()).isZero();
        Path sshConfig =
                Files.writeString(
                        dir.resolve("ssh_config"),
                        Files.readString(fleet.sshConfig())
                                .replace(fleet.identityFile().toString(), key.toString()));
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.identity-file", key.toString());
        config.put("barnum.ssh.config-file", sshConfig.toString());
        try (SshShell shell = shell("alpha", config)) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.AUTH));
        }
    }

    /**
     * jsch reads an OpenSSH config's ConnectTimeout and ServerAliveInterval (seconds) as
     * milliseconds.
     */
    @Test
    void secondsInTheOpenSshConfigAreNotReadAsMilliseconds(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path sshConfig =
                Files.writeString(
                        dir.resolve("ssh_config"),
                        "Host *\n    ConnectTimeout 1\n    ServerAliveInterval 1\n\n"
                                + Files.readString(fleet.sshConfig()));
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.config-file", sshConfig.toString());
        try (SshShell shell = shell("alpha", config)) {
            ExecResult result = shell.run(List.of("sh", "-c", "sleep 0.3; echo slept"), TIMEOUT);
            assertThat(result.stdout()).isEqualTo("slept\n");
        }
    }

    /** The client end of the SSH connection: the same while the session is reused. */
    private static String connection(SshShell shell) throws ShellException {
        ExecResult result = shell.run(List.of("sh", "-c", "echo $SSH_CONNECTION"), TIMEOUT);
        assertThat(result.exit()).isZero();
        return result.stdout().strip();
    }
}
