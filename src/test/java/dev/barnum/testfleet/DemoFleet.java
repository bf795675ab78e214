package dev.barnum.testfleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the {@link SeedFleet} until interrupted, for a person to try {@code barnum-cli} on ({@code
 * demo/test-fleet}). Writes the environment that points Barnum at it.
 */
public final class DemoFleet {

    private DemoFleet() {}

    public static void main(String... args) throws IOException, InterruptedException {
        Path envFile =
                Path.of(args.length > 0 ? args[0] : "target/demo-fleet.env").toAbsolutePath();
        TestFleet fleet = SeedFleet.start();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    fleet.close();
                                    try {
                                        Files.deleteIfExists(envFile);
                                    } catch (IOException e) {
                                        // nothing left to tell anyone
                                    }
                                },
                                "demo-fleet-close"));
        StringBuilder env = new StringBuilder("# the seed test fleet started by demo/test-fleet\n");
        TestFleet.environment(fleet.barnumConfig())
                .forEach(
                        (name, value) ->
                                env.append("export ")
                                        .append(name)
                                        .append('=')
                                        .append(value)
                                        .append('\n'));
        Files.createDirectories(envFile.getParent());
        Files.writeString(envFile, env);
        System.out.println(
                "Test fleet up: " + String.join(", ", fleet.hosts()) + " (sshd on 127.0.0.11-15).");
        System.out.println("In another shell:  . " + envFile + " && ./barnum-cli --verbose");
        System.out.println("Ctrl-C stops the fleet.");
        Thread.currentThread().join();
    }
}
