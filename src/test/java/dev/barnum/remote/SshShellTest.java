package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.barnum.TestConfig;
import dev.barnum.testfleet.TestFleet;

/** {@link SshShell} against real OpenSSH servers on loopback. */
@Timeout(60)
class SshShellTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static TestFleet fleet;

    @BeforeAll
    static void start() {
        fleet = TestFleet.builder()
                .host("alpha", h -> {
                })
                .host("beta", h -> {
                })
                .unknownHostKeyHost("stranger", h -> {
                })
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
        return new SshShell(host, SshSettings.from(TestConfig.barnum(config).ssh()), Clock.systemUTC());
    }

    @Test
    void runsACommandThroughTheOpenSshConfigAlias() throws Exception {
        try (SshShell shell = shell("alpha")) {
            ExecResult result = shell.run(List.of("sh", "-c", "echo out; echo err >&2; hostname; exit 3"), TIMEOUT);
            assertThat(result.exit()).isEqualTo(3);
            assertThat(result.stdout()).isEqualTo("out\nalpha\n");
            assertThat(result.stderr()).isEqualTo("err\n");
            assertThat(shell.describe(List.of("circusctl", "status"))).isEqualTo("ssh -q alpha circusctl status");
        }
    }

    @Test
    void hostileWordsArriveVerbatimAndRunNothing() throws Exception {
        List<String> words = List.of("a;touch /tmp/barnum-ssh-pwned", "$(id)", "`id`", "it's", "*", "");
        try (SshShell shell = shell("alpha")) {
            List<String> argv = new java.util.ArrayList<>(List.of("printf", "[%s]\\n"));
            argv.addAll(words);
            ExecResult result = shell.run(argv, TIMEOUT);
            assertThat(result.stdout()).isEqualTo("[a;touch /tmp/barnum-ssh-pwned]\n[$(id)]\n[`id`]\n[it's]\n[*]\n[]\n");
        }
        assertThat(Path.of("/tmp/barnum-ssh-pwned")).doesNotExist();
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
                    .isInstanceOfSatisfying(ShellException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
                    .hasMessageContaining("did not finish within 500 ms");
            String after = connection(shell);
            assertThat(after).isNotEqualTo(before);
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWhateverTheOpenSshConfigSays(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"),
                "Host *\n    StrictHostKeyChecking no\n\n" + Files.readString(fleet.sshConfig()));
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.config-file", sshConfig.toString());
        try (SshShell shell = shell("stranger", config)) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(ShellException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HOSTKEY))
                    .hasMessageStartingWith("stranger: host key unknown, refusing to connect");
        }
    }

    @Test
    void aChangedHostKeyIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // beta's known_hosts entry now holds alpha's key: exactly what a changed host key looks like
        String alphaKey = fleet.knownHostsLine("alpha").split(" ", 2)[1];
        String betaName = fleet.knownHostsLine("beta").split(" ", 2)[0];
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), betaName + " " + alphaKey + "\n");
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.known-hosts", knownHosts.toString());
        try (SshShell shell = shell("beta", config)) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(ShellException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HOSTKEY))
                    .hasMessageStartingWith("beta: host key CHANGED, refusing to connect");
        }
    }

    @Test
    void nothingListeningIsRefused() {
        try (SshShell shell = shell("gone")) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(ShellException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                    .hasMessageContaining("Connection refused");
        }
    }

    @Test
    void aHostThatNeverSpeaksIsATimeout() {
        try (SshShell shell = shell("silent")) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(ShellException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        }
    }

    @Test
    void aKeyTheHostDoesNotKnowIsAnAuthFailure(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path key = dir.resolve("other_key");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(keygen.waitFor()).isZero();
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"), Files.readString(fleet.sshConfig())
                .replace(fleet.identityFile().toString(), key.toString()));
        Map<String, String> config = new HashMap<>(fleet.barnumConfig());
        config.put("barnum.ssh.identity-file", key.toString());
        config.put("barnum.ssh.config-file", sshConfig.toString());
        try (SshShell shell = shell("alpha", config)) {
            assertThatThrownBy(() -> shell.run(List.of("true"), TIMEOUT))
                    .isInstanceOfSatisfying(ShellException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTH));
        }
    }

    /** jsch reads an OpenSSH config's ConnectTimeout and ServerAliveInterval (seconds) as milliseconds. */
    @Test
    void secondsInTheOpenSshConfigAreNotReadAsMilliseconds(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"),
                "Host *\n    ConnectTimeout 1\n    ServerAliveInterval 1\n\n" + Files.readString(fleet.sshConfig()));
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
