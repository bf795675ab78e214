package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.barnum.TestConfig;
import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.Trace;
import dev.barnum.config.BadInputException;
import dev.barnum.discovery.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet whose known_hosts file is missing: refused where it is checked, never a hang nor a
 * host-by-host "unknown".
 */
class FleetSshCheckTest {

    /** No known_hosts, no identity, an empty OpenSSH config. */
    private static Fleet fleet(Path dir) throws IOException {
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
        return TestConfig.fleet(
                Map.of(
                        "barnum.ssh.known-hosts",
                        dir.resolve("known_hosts").toString(),
                        "barnum.ssh.identity-file",
                        dir.resolve("no_key").toString(),
                        "barnum.ssh.config-file",
                        sshConfig.toString()));
    }

    private static String refusal(Path dir) {
        return dir.resolve("known_hosts")
                + ": the known hosts file does not exist (set barnum.ssh.known-hosts or BARNUM_SSH_KNOWN_HOSTS)";
    }

    @Test
    void theCheckRefusesAMissingKnownHostsFile(@TempDir Path dir) throws IOException {
        Fleet fleet = fleet(dir);
        try {
            assertThat(fleet.check(true)).containsExactly(refusal(dir));
            assertThat(fleet.check(false)).as("bailey on the current host needs no SSH").isEmpty();
        } finally {
            fleet.close();
        }
    }

    /**
     * Refused in the caller's thread: thrown inside the fan-out's threads, it would leave the probe
     * waiting for good.
     */
    @Test
    void aProbeIsRefusedAtOnce(@TempDir Path dir) throws IOException {
        Fleet fleet = fleet(dir);
        try {
            Inventory inventory = Inventory.of(List.of(), Map.of());
            assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () ->
                            assertThatThrownBy(
                                            () ->
                                                    fleet.probe(
                                                            List.of("web1", "web2"),
                                                            inventory,
                                                            Optional.empty(),
                                                            HostProbe.Ask.STATUS,
                                                            Trace.NONE))
                                    .isInstanceOf(BadInputException.class)
                                    .hasMessage(refusal(dir)));
        } finally {
            fleet.close();
        }
    }
}
