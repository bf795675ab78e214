package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every script Barnum runs on hosts passes shellcheck as POSIX sh, and Barnum's part of the bash
 * completion script as bash (Debian's shellcheck, installed by .ci/run).
 */
@Tag("fleet") // needs the machine's shellcheck: runs in verify
class ShellScriptsTest {

    @Test
    void everyHostScriptPassesShellcheck() throws IOException, InterruptedException {
        List<String> scripts;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            scripts =
                    files.filter(f -> f.toString().endsWith(".sh"))
                            .map(Path::toString)
                            .sorted()
                            .toList();
        }
        assertThat(scripts)
                .as("the scripts run on hosts")
                .contains(
                        "src/main/resources/dev/barnum/remote/batch.sh",
                        "src/main/resources/dev/barnum/systemd/list-and-show.sh");
        shellcheck("sh", scripts);
    }

    /** The part of the completion script Barnum writes itself (the rest is picocli's). */
    @Test
    void theCompletionScriptsOwnPartPassesShellcheckAsBash()
            throws IOException, InterruptedException {
        shellcheck(
                "bash", List.of("src/main/resources/dev/barnum/cli/completion-user-at-host.bash"));
    }

    private static void shellcheck(String shell, List<String> scripts)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("shellcheck", "--shell=" + shell, "--severity=style"));
        command.addAll(scripts);
        Process shellcheck = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report =
                new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shellcheck.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(shellcheck.exitValue()).as(report).isZero();
    }
}
