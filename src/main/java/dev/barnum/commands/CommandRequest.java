package dev.barnum.commands;

import java.util.List;
import java.util.Optional;

/**
 * A circus command for a target: {@code {"target": "host1", "args": ["restart", "web"], "dryRun":
 * false}}; with {@code batch}, a rolling command ({@code "batch": "10", "maxFailures": "2",
 * "settle": "10s", "pause": "30s"}).
 *
 * @param target {@code all}, {@code host} or {@code user@host}
 * @param args circus's command and its arguments, as circusctl takes them
 * @param batch pairs per batch, a count or a percentage; null: every pair at once
 * @param maxFailures failed pairs allowed before no further batch starts (default 0)
 * @param settle time for touched watchers to be back in the asked state (default 5s)
 * @param pause wait between batches (default none)
 */
public record CommandRequest(
        String target,
        List<String> args,
        boolean dryRun,
        String batch,
        String maxFailures,
        String settle,
        String pause) {

    public CommandRequest(String target, List<String> args, boolean dryRun) {
        this(target, args, dryRun, null, null, null, null);
    }

    /**
     * @throws dev.barnum.config.BadInputException naming the field when a value cannot be used
     */
    public Optional<RollingPlan> plan() {
        return RollingPlan.of(batch, maxFailures, settle, pause);
    }
}
