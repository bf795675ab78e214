package dev.barnum.bailey;

import dev.barnum.circus.CircusReply;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.circus.WatcherState;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import java.util.List;
import java.util.SortedMap;

/**
 * Pure: what circusctl's answers for one circusd say: a {@link CircusFinding} for Barnum's own
 * questions, a {@link PairOutput.Reply} for an operator's command.
 */
final class CircusAnswers {

    private CircusAnswers() {}

    /** An operator's command in text mode: its output, verbatim, unless circusd did not answer. */
    static PairOutput.Reply output(String endpoint, ExecResult result) {
        return CircusctlCommands.timedOut(result)
                ? new PairOutput.NotRun(new CircusFinding.NotAnswering(endpoint))
                : new PairOutput.Printed(endpoint, result);
    }

    /**
     * @param results {@code --json status} then, optionally, {@code --json stats}
     */
    static CircusFinding status(String endpoint, List<ExecResult> results) {
        ExecResult first = results.get(0);
        if (CircusctlCommands.timedOut(first)) {
            return new CircusFinding.NotAnswering(endpoint);
        }
        if (!first.ok()) {
            return HostProbe.failed(
                    Reason.COMMAND,
                    "circusctl exited " + first.exit() + ": " + first.firstErrorLine());
        }
        try {
            return watchers(
                    endpoint,
                    CircusReply.parse(first.stdout()),
                    watchers -> results.size() > 1 ? processes(results.get(1)) : emptyMap());
        } catch (IllegalArgumentException e) {
            return HostProbe.failed(Reason.PARSE, "circusctl " + endpoint + ": " + e.getMessage());
        }
    }

    /**
     * What a {@code status} reply says: the watchers, each with its number of processes where
     * {@code processes} tells, or circusd's error.
     *
     * @throws IllegalArgumentException when the reply has no {@code statuses}
     */
    static CircusFinding watchers(String endpoint, CircusReply reply, ProcessCounts processes) {
        if (reply.error()) {
            return HostProbe.failed(
                    Reason.COMMAND, "circusd " + endpoint + " replied: " + reply.reason());
        }
        SortedMap<String, WatcherState> watchers = reply.statuses();
        return new CircusFinding.Watchers(endpoint, watchers, processes.of(watchers));
    }

    /** The number of processes of each watcher that tells it. */
    @FunctionalInterface
    interface ProcessCounts {
        SortedMap<String, Integer> of(SortedMap<String, WatcherState> watchers);
    }

    /** Process counts are a bonus: an unanswered or odd {@code stats} leaves them unknown. */
    private static SortedMap<String, Integer> processes(ExecResult stats) {
        if (!stats.ok()) {
            return emptyMap();
        }
        try {
            return CircusReply.processCounts(stats.stdout()).orElse(emptyMap());
        } catch (IllegalArgumentException e) {
            return emptyMap();
        }
    }

    private static SortedMap<String, Integer> emptyMap() {
        return java.util.Collections.emptySortedMap();
    }
}
