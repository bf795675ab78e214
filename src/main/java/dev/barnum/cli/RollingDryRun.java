package dev.barnum.cli;

import dev.barnum.circus.CircusctlCommands;
import dev.barnum.commands.CommandResult;
import dev.barnum.commands.Outcome;
import dev.barnum.commands.RolledPair;
import dev.barnum.commands.RollingPlan;
import dev.barnum.commands.RollingResult;
import dev.barnum.discovery.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pure: a rolling command's dry run as the REST API answers one ({@code POST /api/v1/commands} with
 * {@code batch} and {@code dryRun}): every batch run, each pair {@code DRY_RUN} and unchecked,
 * nothing failed. Made from the pairs the homes name, as the text dry run is: only asking the hosts
 * tells which units really run.
 */
final class RollingDryRun {

    private RollingDryRun() {}

    /**
     * @param pairs in the order the batches take them
     * @param endpoint each pair's circusd endpoint, or why it cannot be told
     */
    static RollingResult result(
            List<Instance> pairs,
            RollingPlan plan,
            List<String> args,
            Function<Instance, Endpoint> endpoint,
            CircusctlCommands circusctl) {
        int size = plan.batch().batchOf(pairs.size());
        int batches = (pairs.size() + size - 1) / size;
        List<RolledPair> ran = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Instance pair = pairs.get(i);
            Endpoint at = endpoint.apply(pair);
            CommandResult command =
                    CommandResult.notRun(
                            pair.host(),
                            pair.user(),
                            at.value().map(ep -> circusctl.json(ep, args)).orElse(List.of()),
                            at.value().isPresent() ? Outcome.DRY_RUN : Outcome.FAILED,
                            at.value()
                                    .map(
                                            ep ->
                                                    "would send "
                                                            + String.join(" ", args)
                                                            + " to "
                                                            + pair.user()
                                                            + "@"
                                                            + pair.host()
                                                            + "'s circusd at "
                                                            + ep
                                                            + ", if its unit is running")
                                    .orElse(at.problem()));
            ran.add(
                    new RolledPair(
                            i / size + 1,
                            command,
                            RolledPair.Settling.UNCHECKED,
                            "command " + command.outcome().label()));
        }
        return new RollingResult(
                args,
                plan.batch().toString(),
                plan.maxFailures().toString(),
                plan.settle().toMillis(),
                0,
                plan.maxFailures().limitOf(pairs.size()),
                batches,
                batches,
                0,
                ran,
                List.of(),
                null);
    }

    /** A circusd's endpoint from circus.ini, or why it cannot be told. */
    record Endpoint(Optional<String> value, String problem) {}
}
