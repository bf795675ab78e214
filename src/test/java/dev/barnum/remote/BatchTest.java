package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.base.Deadline.Ticker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Batch} through a real {@code sh}: every command's own output and exit status come back
 * apart.
 */
class BatchTest {

    private final LocalShell shell = new LocalShell(Ticker.SYSTEM);

    @Test
    void eachCommandKeepsItsOutputAndExitStatus() throws ShellException {
        List<ExecResult> results =
                shell.runAll(
                        List.of(
                                List.of("printf", "%s\\n", "one line"),
                                List.of("printf", "no newline"),
                                List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
                                List.of("true"),
                                List.of("printf", "%s", "it's $(id) `id`;")),
                        Duration.ofSeconds(10));
        assertThat(results).extracting(ExecResult::exit).containsExactly(0, 0, 3, 0, 0);
        assertThat(results)
                .extracting(ExecResult::stdout)
                .containsExactly("one line\n", "no newline", "out\nerr\n", "", "it's $(id) `id`;");
    }

    /**
     * The commands are the script's arguments: every word arrives as given, even empty, even "--"
     * or a count.
     */
    @Test
    void wordsReachEachCommandExactly() throws ShellException {
        List<String> words =
                List.of("", "--", "3", "a b", "'", "\"", "$1", "*", "-n", "\\", "line\nbreak");
        List<List<String>> commands =
                List.of(
                        prefixed("printf", "<%s>", words),
                        List.of("printf", "%s", "second"),
                        List.of("/nonexistent/no-such-command"));
        List<ExecResult> results = shell.runAll(commands, Duration.ofSeconds(10));
        assertThat(results.get(0).stdout())
                .isEqualTo("<><--><3><a b><'><\"><$1><*><-n><\\><line\nbreak>");
        assertThat(results.get(1).stdout()).isEqualTo("second");
        assertThat(results.get(2).exit()).as("exec of a missing command").isEqualTo(127);
    }

    private static List<String> prefixed(String command, String format, List<String> words) {
        List<String> argv = new java.util.ArrayList<>(List.of(command, format));
        argv.addAll(words);
        return argv;
    }

    @Test
    void commandsRunAtOnceNotOneAfterAnother() throws ShellException {
        List<List<String>> sleepers =
                List.of(
                        List.of("sleep", "1"),
                        List.of("sleep", "1"),
                        List.of("sleep", "1"),
                        List.of("sleep", "1"));
        // four one-second sleeps inside a three-second limit: only possible if they overlap
        assertThat(shell.runAll(sleepers, Duration.ofSeconds(3)))
                .extracting(ExecResult::exit)
                .containsOnly(0);
    }

    @Test
    void aBatchCutShortLeavesTheMissingResultsMarked() {
        Batch batch = new Batch(List.of(List.of("a"), List.of("b")));
        ExecResult cut = new ExecResult(batch.argv(), 137, "", "Killed", Duration.ZERO);
        assertThat(batch.results(cut)).extracting(ExecResult::exit).containsExactly(-1, -1);
    }
}
