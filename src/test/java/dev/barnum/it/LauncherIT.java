package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.TestFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code barnum-cli} launcher at the repository root, configured the way operators do it:
 * environment variables ({@code barnum.ssh.config-file} is {@code BARNUM_SSH_CONFIG_FILE}).
 */
@Timeout(120)
class LauncherIT {

    /**
     * Holds Quarkus's default HTTP port: were a one-off command to bind it, Barnum would fail to
     * start.
     */
    @Test
    void theLauncherRunsTheSeedsExamplesConfiguredByEnvironmentAndBindsNoPort() throws Exception {
        try (java.net.ServerSocket http = holdPort(8080)) {
            run();
        }
    }

    /**
     * serve names every problem of its configuration, one line each, before it binds a port or
     * starts anything.
     */
    @Test
    void serveRefusesABadConfigurationBeforeListening(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        TestFleet fleet = SeedFleetResource.fleet();
        Path users =
                java.nio.file.Files.writeString(dir.resolve("users.yaml"), "- user1\n- {user2\n");
        int port = TestFleet.freePort();
        ProcessBuilder builder = new ProcessBuilder("./barnum-cli", "serve");
        builder.environment().putAll(TestFleet.environment(fleet.barnumConfig()));
        builder.environment().put("BARNUM_USERS_FILE", users.toString());
        builder.environment().put("BARNUM_POLL_INTERVAL", "0s");
        builder.environment().put("BARNUM_SSH_KNOWN_HOSTS", dir.resolve("known_hosts").toString());
        builder.environment().put("BARNUM_JMX_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_PORT", "99999");
        Process process = builder.directory(Path.of("").toAbsolutePath().toFile()).start();
        String out = read(process.getInputStream());
        String err = read(process.getErrorStream());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isEqualTo(2);
        assertThat(out).isEmpty();
        assertThat(err.lines().filter(line -> !line.startsWith("barnum-cli: building")))
                .containsExactly(
                        "barnum-cli: barnum.poll.interval=0s: must be longer than 0",
                        "barnum-cli: "
                                + dir.resolve("known_hosts")
                                + ": the known hosts file does not exist (set barnum.ssh.known-hosts or"
                                + " BARNUM_SSH_KNOWN_HOSTS)",
                        "barnum-cli: "
                                + users
                                + ":3: malformed YAML: expected ',' or '}', but got <stream end>",
                        "barnum-cli: quarkus.http.port=99999: not a TCP port (0-65535)");
        try (java.net.Socket jmx = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () ->
                                    jmx.connect(
                                            new java.net.InetSocketAddress("127.0.0.1", port),
                                            1000))
                    .as("no JMX connector was started")
                    .isInstanceOf(IOException.class);
        }
    }

    /**
     * A jar newer than the class-data sharing archive gets a new one, recorded once; a run with the
     * archive prints exactly what a run without it prints (the JVM's notes on the archive stay off
     * stdout) and uses it.
     */
    @Test
    void theClassDataSharingArchiveIsRecordedForANewJarAndChangesNoOutput() throws Exception {
        Path app = Path.of("target/quarkus-app");
        java.nio.file.Files.setLastModifiedTime(
                app.resolve("quarkus-run.jar"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        String[] without = launch(java.util.Map.of("BARNUM_CDS", "off"), "user1@host1");
        String[] with = launch(java.util.Map.of(), "user1@host1");
        List<Path> archives;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(app)) {
            archives =
                    files.filter(f -> f.getFileName().toString().matches("barnum-cli-\\d+\\.jsa"))
                            .toList();
        }
        assertThat(archives).hasSize(1);
        assertThat(java.nio.file.Files.getLastModifiedTime(archives.get(0)))
                .isGreaterThan(
                        java.nio.file.Files.getLastModifiedTime(app.resolve("quarkus-run.jar")));
        assertThat(with).isEqualTo(without);
        assertThat(with[0]).isEqualTo("--- user1@host1 ---\nwatcher1: active\n");
        String[] shared =
                launch(java.util.Map.of("BARNUM_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(shared[0])
                .as("classes mapped from the archive")
                .contains("source: shared objects file (top)");
    }

    /** Runs the launcher with the seed fleet's configuration; returns stdout, stderr, exit. */
    private static String[] launch(java.util.Map<String, String> env, String... args)
            throws Exception {
        TestFleet fleet = SeedFleetResource.fleet();
        List<String> argv = new java.util.ArrayList<>(List.of("./barnum-cli"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(TestFleet.environment(fleet.barnumConfig()));
        builder.environment().putAll(env);
        Process process = builder.directory(Path.of("").toAbsolutePath().toFile()).start();
        String out = read(process.getInputStream());
        String err = read(process.getErrorStream());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new String[] {out, err, Integer.toString(process.exitValue())};
    }

    private static java.net.ServerSocket holdPort(int port) throws IOException {
        java.net.ServerSocket socket = new java.net.ServerSocket();
        try {
            socket.bind(new java.net.InetSocketAddress(port));
        } catch (java.net.BindException alreadyTaken) {
            // someone else holds it: just as good for this test
        }
        return socket;
    }

    private static void run() throws Exception {
        TestFleet fleet = SeedFleetResource.fleet();
        ProcessBuilder builder =
                new ProcessBuilder("./barnum-cli", "user1@host1", "--verbose", "--", "--", "stats");
        builder.environment().putAll(TestFleet.environment(fleet.barnumConfig()));
        Process process = builder.directory(Path.of("").toAbsolutePath().toFile()).start();
        String out = read(process.getInputStream());
        String err = read(process.getErrorStream());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out).startsWith("--- user1@host1 ---\nworkers:\n");
        assertThat(err)
                .contains(
                        "bailey: circus cmd: ssh -q host1 circusctl --endpoint tcp://host1:5775 --timeout 1 stats");
    }

    private static String read(java.io.InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
}
