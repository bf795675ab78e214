package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.TestConfig;
import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A known_hosts file Barnum cannot read stops it at once, rather than making every host "unknown"
 * one by one.
 */
class SshSettingsTest {

    /** known_hosts as given; no identity, an empty OpenSSH config. */
    private static BarnumConfig.Ssh ssh(Path knownHosts, Path dir) throws IOException {
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
        return TestConfig.barnum(
                        Map.of(
                                "barnum.ssh.known-hosts",
                                knownHosts.toString(),
                                "barnum.ssh.identity-file",
                                dir.resolve("no_key").toString(),
                                "barnum.ssh.config-file",
                                sshConfig.toString()))
                .ssh();
    }

    @Test
    void aMissingKnownHostsFileIsRefusedNamingItAndItsSetting(@TempDir Path dir)
            throws IOException {
        BarnumConfig.Ssh ssh = ssh(dir.resolve("known_hosts"), dir);
        String message =
                dir.resolve("known_hosts")
                        + ": the known hosts file does not exist (set barnum.ssh.known-hosts or BARNUM_SSH_KNOWN_HOSTS)";
        assertThatThrownBy(() -> SshSettings.from(ssh))
                .isInstanceOf(BadInputException.class)
                .hasMessage(message);
    }

    /** A directory in its place: unreadable even for root, whom permissions do not stop. */
    @Test
    void anUnreadableKnownHostsFileIsRefusedNamingItAndItsSetting(@TempDir Path dir)
            throws IOException {
        Path directory = Files.createDirectory(dir.resolve("known_hosts"));
        BarnumConfig.Ssh ssh = ssh(directory, dir);
        String start =
                directory
                        + ": cannot read the known hosts file (barnum.ssh.known-hosts or BARNUM_SSH_KNOWN_HOSTS): ";
        assertThatThrownBy(() -> SshSettings.from(ssh))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(start)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anEmptyKnownHostsFileIsAccepted(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("known_hosts"), "");
        assertThat(SshSettings.from(ssh(empty, dir)).hostKeys().getHostKey()).isEmpty();
    }

    @Test
    void theHostKeysAreThoseOfTheFile(@TempDir Path dir) throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("known_hosts"),
                        "# a comment\n[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHvxqDyAwn9sPPRGPzHVaJvgCKRkEcoXoOmQvvHKbc1j\n");
        assertThat(SshSettings.from(ssh(file, dir)).hostKeys().getHostKey())
                .extracting(k -> k.getHost() + " " + k.getType())
                .containsExactly("[127.0.0.1]:2222 ssh-ed25519");
    }
}
