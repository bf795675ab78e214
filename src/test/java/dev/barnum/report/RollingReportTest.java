package dev.barnum.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.commands.CommandResult;
import dev.barnum.commands.Outcome;
import dev.barnum.commands.RolledPair;
import dev.barnum.commands.RollingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollingReportTest {

    private static RolledPair pair(
            int batch,
            String user,
            String host,
            Outcome outcome,
            String message,
            RolledPair.Settling s,
            String settled) {
        return new RolledPair(
                batch, CommandResult.notRun(host, user, List.of(), outcome, message), s, settled);
    }

    @Test
    void whatCircusdSaidStaysOnOneBoundedLine() {
        String reply = "errno 3: boom\n--- batch 9/9: forged ---\n" + "x".repeat(5000);
        String line =
                RollingReport.pairLine(
                        pair(
                                1,
                                "user1",
                                "host1",
                                Outcome.ERROR,
                                reply,
                                RolledPair.Settling.UNCHECKED,
                                ""));
        assertThat(line).startsWith("user1@host1: error (errno 3: boom").doesNotContain("\n");
        assertThat(line.length()).isLessThan(400);

        String watchers = "web\u001b[2J stopped".repeat(100);
        assertThat(
                        RollingReport.pairLine(
                                pair(
                                        1,
                                        "user1",
                                        "host1",
                                        Outcome.OK,
                                        null,
                                        RolledPair.Settling.UNSETTLED,
                                        watchers)))
                .startsWith("user1@host1: ok; NOT SETTLED: ")
                .doesNotContain("\u001b")
                .hasSizeLessThan(700);
    }

    @Test
    void theWholeReportGroupsPairsByBatchAndEndsWithWhatNeverStarted() {
        RollingResult result =
                new RollingResult(
                        List.of("restart", "web"),
                        "1",
                        "0",
                        5000,
                        0,
                        0,
                        3,
                        2,
                        1,
                        List.of(
                                pair(
                                        1,
                                        "user1",
                                        "host1",
                                        Outcome.OK,
                                        null,
                                        RolledPair.Settling.SETTLED,
                                        "web active"),
                                pair(
                                        2,
                                        "user1",
                                        "host2",
                                        Outcome.TIMEOUT,
                                        "circusd did not answer at tcp://127.0.0.1:5555",
                                        RolledPair.Settling.UNCHECKED,
                                        "command timeout")),
                        List.of(new RollingResult.NotStarted(3, "host3", "user1")),
                        "1 pair failed, more than --max-failures 0 allows (0 of 3)");

        assertThat(RollingReport.lines(result))
                .containsExactly(
                        "--- batch 1/3: user1@host1 ---",
                        "user1@host1: ok; settled: web active",
                        "--- batch 2/3: user1@host2 ---",
                        "user1@host2: timeout (circusd did not answer at tcp://127.0.0.1:5555)",
                        "rolling restart web: 2 of 3 batches ran (2 pairs), 1 failed (at most 0 allowed: --max-failures 0), 1 not started",
                        "stopped: 1 pair failed, more than --max-failures 0 allows (0 of 3)",
                        "not started: user1@host3 (batch 3)");
    }
}
