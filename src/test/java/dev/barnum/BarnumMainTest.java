package dev.barnum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.SeedFleetResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real {@code main}: Quarkus boots, runs one command against the seed fleet, exits with its
 * status.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@QuarkusMainTest
@TestProfile(CliProfile.class)
@WithTestResource(SeedFleetResource.class)
class BarnumMainTest {

    @Test
    @Launch({"user1@host1", "--", "--", "stats"})
    void runsOneCommandThroughTheRealMain(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput())
                .startsWith(
                        "--- user1@host1 ---\nworkers:\n9314: 9314  sleep user1 0 1.43M 2.44M 0.0 0.006 0:00.0");
    }

    @Test
    @Launch(value = "host4", exitCode = 1)
    void exitsOneWhenAHostIsUnreachable(LaunchResult result) {
        assertThat(result.getOutput()).contains("unreachable (refused): host4: Connection refused");
    }

    @Test
    @Launch(value = "host1;reboot", exitCode = 2)
    void exitsTwoOnBadInputWithOneLineAndNoStackTrace(LaunchResult result) {
        assertThat(result.getErrorOutput())
                .contains("barnum-cli: invalid target 'host1;reboot'")
                .doesNotContain("\tat ");
        assertThat(result.getOutput()).doesNotContain("---");
    }

    /**
     * With the HTTP ports already taken, Quarkus would fail to start if a one-off command tried to
     * bind one.
     */
    @Test
    void aOneOffCommandBindsNoPort(QuarkusMainLauncher launcher) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port : new int[] {8080, 8081}) {
                hold(port).ifPresent(held::add);
            }
            LaunchResult result = launcher.launch("user1@host1");
            assertThat(result.exitCode()).isZero();
            assertThat(result.getOutput()).contains("watcher1: active");
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static java.util.Optional<ServerSocket> hold(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(port));
            return java.util.Optional.of(socket);
        } catch (BindException alreadyTaken) {
            socket.close();
            return java.util.Optional.empty();
        }
    }
}
