package dev.barnum.report;

import dev.barnum.commands.CommandResult;
import dev.barnum.commands.RolledPair;
import dev.barnum.commands.RollingResult;
import dev.barnum.config.Shown;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A rolling command as text, for the CLI (batch by batch, as it runs) and JMX (at the end): a
 * header per batch, a line per pair, and what ran, failed and never started.
 */
public final class RollingReport {

    private RollingReport() {}

    /** {@code --- batch 2/5: user1@host3, user2@host3 ---}. */
    public static String batchHeader(int batch, int batches, List<String> pairs) {
        return "--- batch " + batch + "/" + batches + ": " + String.join(", ", pairs) + " ---";
    }

    /**
     * What circusd said (a reason, watcher names) on one line and at most 300 characters each:
     * {@code user1@host3: ok; settled: web active}, {@code user2@host3: error (errno 3: ...); not
     * checked}, {@code user1@host4: ok; NOT SETTLED: web stopped (expected active) after 5000 ms}.
     */
    public static String pairLine(RolledPair pair) {
        CommandResult c = pair.command();
        StringBuilder line = new StringBuilder(c.user()).append('@').append(c.host()).append(": ");
        line.append(c.outcome().label());
        if (c.retries() > 0) {
            line.append(" after ").append(c.retries()).append(" retries");
        }
        if (c.message() != null && !c.message().isEmpty()) {
            line.append(" (").append(Shown.of(c.message(), 300)).append(')');
        }
        switch (pair.settling()) {
            case SETTLED -> line.append("; settled: ").append(Shown.of(pair.settled(), 300));
            case UNSETTLED -> line.append("; NOT SETTLED: ").append(Shown.of(pair.settled(), 300));
            case UNCHECKED -> {}
        }
        return line.toString();
    }

    /** What the whole command did; the last lines of the report. */
    public static List<String> summary(RollingResult r) {
        List<String> lines = new ArrayList<>();
        lines.add(
                "rolling "
                        + String.join(" ", r.args())
                        + ": "
                        + r.batchesRun()
                        + " of "
                        + r.batches()
                        + (r.batches() == 1 ? " batch" : " batches")
                        + " ran ("
                        + pairs(r.ran().size())
                        + "), "
                        + r.failures()
                        + " failed (at most "
                        + r.allowedFailures()
                        + " allowed: --max-failures "
                        + r.maxFailures()
                        + "), "
                        + r.notStarted().size()
                        + " not started");
        if (r.stopped() != null) {
            lines.add("stopped: " + r.stopped());
        }
        if (!r.notStarted().isEmpty()) {
            lines.add(
                    "not started: "
                            + r.notStarted().stream()
                                    .map(
                                            n ->
                                                    n.user()
                                                            + "@"
                                                            + n.host()
                                                            + " (batch "
                                                            + n.batch()
                                                            + ")")
                                    .collect(Collectors.joining(", ")));
        }
        return lines;
    }

    private static String pairs(int n) {
        return n + (n == 1 ? " pair" : " pairs");
    }

    /** The whole report, once the command is over: batches, pairs, summary. */
    public static List<String> lines(RollingResult r) {
        List<String> lines = new ArrayList<>();
        int batch = 0;
        for (RolledPair pair : r.ran()) {
            if (pair.batch() != batch) {
                batch = pair.batch();
                int number = batch;
                lines.add(
                        batchHeader(
                                batch,
                                r.batches(),
                                r.ran().stream()
                                        .filter(p -> p.batch() == number)
                                        .map(p -> p.command().user() + "@" + p.command().host())
                                        .toList()));
            }
            lines.add(pairLine(pair));
        }
        lines.addAll(summary(r));
        return lines;
    }
}
