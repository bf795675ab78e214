package dev.barnum.cli;

import dev.barnum.TestConfig;
import dev.barnum.commands.CommandPolicy;
import dev.barnum.fleet.Fleet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One {@code barnum-cli} run in this JVM, as a one-off command runs: a fresh fleet, its output
 * captured.
 */
record CliRun(int exit, String out, String err) {

    static CliRun of(Map<String, String> config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Fleet fleet = TestConfig.fleet(config);
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CommandPolicy policy =
                    new CommandPolicy(TestConfig.barnum(config).commands().allowed());
            int exit =
                    Cli.execute(
                            fleet,
                            policy,
                            () -> {
                                throw new AssertionError("serve is not run in this test");
                            },
                            o,
                            e,
                            false, // not a terminal: no progress line
                            args);
            return new CliRun(
                    exit,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            fleet.close();
        }
    }
}
