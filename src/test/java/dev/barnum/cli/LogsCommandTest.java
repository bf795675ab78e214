package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestConfig;
import dev.barnum.commands.CommandPolicy;
import dev.barnum.fleet.Fleet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code barnum-cli logs}: a home on this machine read as the command reads it, its output and exit
 * status, bad input refused in one line, and {@code --follow} seeing lines another thread appends.
 */
@Timeout(60)
class LogsCommandTest {

    @TempDir Path tmp;

    private Path dir;
    private Map<String, String> config;

    @BeforeEach
    void homes() throws IOException {
        dir = Files.createDirectories(tmp.resolve("users/user1/circus/host1"));
        Files.writeString(dir.resolve("circus.ini"), "[watcher:watcher1]\ncmd = sleep 3600\n");
        Files.writeString(tmp.resolve("circus_users.yaml"), "---\n\n- user1\n");
        config =
                Map.of(
                        "barnum.users-file",
                        tmp.resolve("circus_users.yaml").toString(),
                        "barnum.homes",
                        tmp + "/users/{user}/circus");
    }

    private CliRun run(String... args) {
        return CliRun.of(config, args);
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> "line " + i + "\n")
                .collect(Collectors.joining());
    }

    @Test
    void theLastTenLinesOfAWatchersOutput() throws IOException {
        Files.writeString(dir.resolve("watcher1.stdout.log"), lines(1, 15));

        CliRun run = run("logs", "user1@host1", "watcher1");

        assertThat(run.out()).isEqualTo(lines(6, 15));
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
    }

    @Test
    void linesStderrAndCircusdsOwnLog() throws IOException {
        Files.writeString(dir.resolve("watcher1.stderr.log"), lines(1, 5));
        Files.writeString(dir.resolve("circus.log"), "arbiter started\n");

        assertThat(run("logs", "user1@host1", "watcher1", "--stderr", "--lines", "2").out())
                .isEqualTo(lines(4, 5));
        assertThat(run("logs", "-n", "1", "user1@host1", "watcher1", "--stderr").out())
                .isEqualTo(lines(5, 5));
        assertThat(run("logs", "user1@host1").out()).isEqualTo("arbiter started\n");
    }

    @Test
    void withOutputJsonATailIsTheRestApisLogRead() throws IOException {
        Files.writeString(dir.resolve("watcher1.stdout.log"), lines(1, 15));

        CliRun run = run("logs", "user1@host1", "watcher1", "--lines", "2", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode view =
                dev.barnum.report.BarnumSchema.assertValid("logView", run.out());
        assertThat(view.path("lines").toString()).isEqualTo("[\"line 14\",\"line 15\"]");
        assertThat(view.path("stream").asText()).isEqualTo("stdout");
        assertThat(view.path("file").asText())
                .isEqualTo(dir.resolve("watcher1.stdout.log").toString());

        CliRun missing = run("logs", "user1@host1", "watcher1", "--stderr", "-o", "json");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).hasLineCount(1);
        dev.barnum.report.BarnumSchema.assertValid("error", missing.out());

        CliRun both = run("logs", "user1@host1", "watcher1", "--follow", "-o", "json");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err())
                .isEqualTo(
                        "barnum-cli: --follow prints lines as they come, --output json one document:"
                                + " not both\n");
        dev.barnum.report.BarnumSchema.assertValid("error", both.out());
    }

    @Test
    void aMissingLogIsOneLineAndStatusOne() {
        CliRun run = run("logs", "user1@host1", "watcher1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo(
                        "barnum-cli: user1@host1: watcher1's stdout log: "
                                + dir.resolve("watcher1.stdout.log")
                                + " does not exist\n");
    }

    @Test
    void aLogOutsideTheHomeIsNamedNotRead() throws IOException {
        Files.writeString(
                dir.resolve("circus.ini"),
                "[watcher:watcher1]\ncmd = x\nstdout_stream.filename = /var/log/watcher1.log\n");

        CliRun run = run("logs", "user1@host1", "watcher1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .startsWith(
                        "barnum-cli: user1@host1: watcher1's stdout log is /var/log/watcher1.log")
                .contains("outside the circus home " + tmp.resolve("users/user1/circus"))
                .hasLineCount(1);
    }

    @Test
    void aWatcherCircusIniDoesNotDefineIsBadInput() {
        CliRun run = run("logs", "user1@host1", "nosuch");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "barnum-cli: user1@host1: "
                                + dir.resolve("circus.ini")
                                + " defines no watcher 'nosuch'; it defines: watcher1\n");
    }

    @Test
    void badInputIsOneLineAndStatusTwoWithNothingRead() throws IOException {
        Files.writeString(dir.resolve("watcher1.stdout.log"), lines(1, 3));
        List<List<String>> refused =
                List.of(
                        List.of("--lines", "0"),
                        List.of("--lines", "-5"),
                        List.of("--lines", "10001"),
                        List.of("--lines", "99999999999"),
                        List.of("--lines", "many"));
        for (List<String> option : refused) {
            CliRun run = run("logs", "user1@host1", "watcher1", option.get(0), option.get(1));
            assertThat(run.exit()).as(option.toString()).isEqualTo(2);
            assertThat(run.out()).as(option.toString()).isEmpty();
            assertThat(run.err()).as(option.toString()).hasLineCount(1);
        }
        assertThat(run("logs", "user1@host1", "watcher1", "--lines", "0").err())
                .isEqualTo("barnum-cli: --lines '0': expected a number of lines from 1 to 10000\n");
        assertThat(run("logs", "user1@host1", "watcher1", "--lines", "many").err())
                .isEqualTo(
                        "barnum-cli: --lines 'many': expected a number of lines from 1 to 10000\n");
        assertThat(run("logs", "user1@host1", "watcher1", "--lines", "10000").exit()).isZero();

        assertBad(run("logs", "host1"), "barnum-cli: logs needs USER@HOST, not 'host1'");
        assertBad(run("logs", "user2@host1"), "barnum-cli: unknown user 'user2'");
        assertBad(run("logs", "user1@host9"), "barnum-cli: no circus for user1@host9");
        assertBad(
                run("logs", "user1@host1", ".."),
                "barnum-cli: invalid watcher name '..': it would name a folder");
        assertBad(
                run("logs", "user1@host1", "../../../../etc"),
                "barnum-cli: invalid watcher name '../../../../etc': it holds a '/'");
        assertBad(run("logs", "user1@host1", "--stderr"), "barnum-cli: --stderr needs a WATCHER");
        assertBad(run("logs"), "logs: Missing required parameter: 'USER@HOST'");
    }

    private static void assertBad(CliRun run, String start) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith(start).hasLineCount(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpShowsTheSynopsisAndTheBounds() {
        CliRun run = run("logs", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains(
                        "barnum-cli logs USER@HOST [WATCHER] [--stderr] [--lines N] [--follow | -o json]",
                        "4 MiB",
                        "1 to 10000");
        assertThat(run("--help").out())
                .contains(
                        "barnum-cli logs USER@HOST [WATCHER] [--stderr] [--lines N] [--follow | -o json]");
    }

    @Test
    void followSeesLinesAnotherThreadAppends() throws Exception {
        Path log = Files.writeString(dir.resolve("watcher1.stdout.log"), lines(1, 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Fleet fleet = TestConfig.fleet(config);
        Thread cli =
                new Thread(
                        () -> {
                            try (PrintStream o =
                                            new PrintStream(out, true, StandardCharsets.UTF_8);
                                    PrintStream e =
                                            new PrintStream(err, true, StandardCharsets.UTF_8)) {
                                exit.set(
                                        Cli.execute(
                                                fleet,
                                                new CommandPolicy(List.of("status")),
                                                () -> 0,
                                                o,
                                                e,
                                                false,
                                                "logs",
                                                "user1@host1",
                                                "watcher1",
                                                "--lines",
                                                "2",
                                                "--follow"));
                            }
                        },
                        "barnum-cli-logs");
        cli.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        try {
            awaitOutput(out, lines(2, 3), deadline);
            Files.writeString(log, lines(4, 5), StandardOpenOption.APPEND);
            awaitOutput(out, lines(2, 5), deadline);
        } finally {
            cli.interrupt();
            cli.join(Duration.ofSeconds(10).toMillis());
            fleet.close();
        }
        assertThat(cli.isAlive()).isFalse();
        assertThat(exit.get()).as("interrupted, as Ctrl-C ends it").isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void awaitOutput(ByteArrayOutputStream out, String expected, Instant deadline)
            throws InterruptedException {
        while (!out.toString(StandardCharsets.UTF_8).equals(expected)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "expected "
                                + expected
                                + " before the deadline, got "
                                + out.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }
}
