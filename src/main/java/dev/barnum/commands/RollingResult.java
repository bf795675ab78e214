package dev.barnum.commands;

import java.util.List;

/**
 * What a rolling command did: the plan, each pair that ran (in batch order), each pair that never
 * started, and why it stopped early, if it did.
 *
 * @param args the circus command
 * @param batch the batch size as given ({@code 10} or {@code 25%})
 * @param maxFailures the failure limit as given
 * @param allowedFailures that limit over this command's pairs: more failures stop it
 * @param batches how many batches the pairs made
 * @param batchesRun how many of them started
 * @param failures pairs whose command failed, or whose watchers did not settle
 * @param stopped why no further batch started; null when every batch ran
 */
public record RollingResult(
        List<String> args,
        String batch,
        String maxFailures,
        long settleMillis,
        long pauseMillis,
        int allowedFailures,
        int batches,
        int batchesRun,
        int failures,
        List<RolledPair> ran,
        List<NotStarted> notStarted,
        String stopped) {

    /** A pair of a batch that never started. */
    public record NotStarted(int batch, String host, String user) {}

    /** Every batch ran and nothing failed. */
    public boolean ok() {
        return stopped == null && failures == 0;
    }
}
