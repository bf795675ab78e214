package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.TestFleet;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged {@code barnum-cli}'s progress line on a real terminal ({@code script} gives it a
 * pty), and its absence in a pipe and with {@code --output json}. The fleet has a host that accepts
 * TCP and never speaks SSH, so that a run lasts its 2 s connect timeout: longer than the second
 * after which progress shows.
 */
@Timeout(120)
class ProgressIT {

    private static TestFleet fleet;

    @BeforeAll
    static void start() {
        fleet = TestFleet.answeringAndSilent().start();
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static List<String> barnum(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-jar");
        argv.add(Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
        argv.addAll(List.of(args));
        return argv;
    }

    /** Runs argv with stdin from /dev/null; returns stdout, then stderr after a NUL. */
    private static String[] run(List<String> argv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
        builder.environment().putAll(TestFleet.environment(fleet.barnumConfig()));
        Process process = builder.start();
        byte[] err = process.getErrorStream().readAllBytes();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {
            new String(out, StandardCharsets.UTF_8),
            new String(err, StandardCharsets.UTF_8),
            Integer.toString(process.exitValue())
        };
    }

    /** What a terminal shows of a run: both streams through one pty, as {@code script} saw them. */
    private static String onATerminal(String... args) throws Exception {
        StringBuilder command = new StringBuilder();
        for (String word : barnum(args)) {
            command.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        String[] run = run(List.of("script", "-qec", command.toString(), "/dev/null"));
        assertThat(run[2]).as("exit of %s: %s", command, run[0]).isEqualTo("1");
        return run[0];
    }

    @Test
    void aTerminalSeesProgressWhileTheRunLastsThenTheReportAlone() throws Exception {
        String screen = onATerminal();
        assertThat(screen).containsPattern("\rpolled [01]/2 hosts, 0 unreachable\033\\[K");
        int erased = screen.lastIndexOf("\r\033[K");
        assertThat(erased).as(screen).isPositive();
        assertThat(screen.substring(erased))
                .as("the line is erased before the report")
                .contains("--- GOOD ---")
                .contains("--- HOLE ---")
                .doesNotContain("polled");
    }

    @Test
    void aPipeNeverSeesProgress() throws Exception {
        String[] run = run(barnum());
        assertThat(run[2]).isEqualTo("1");
        assertThat(run[1]).doesNotContain("polled ").doesNotContain("\033");
        assertThat(run[0]).contains("--- GOOD ---").doesNotContain("\033");
    }

    @Test
    void jsonNeverShowsProgressEvenOnATerminal() throws Exception {
        String screen = onATerminal("--output", "json");
        assertThat(screen)
                .doesNotContain("polled ") // the document's own "polledAt" is no progress
                .doesNotContain("\033")
                .startsWith("{\"polledAt\":");
    }
}
