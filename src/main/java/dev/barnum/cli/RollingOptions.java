package dev.barnum.cli;

import dev.barnum.commands.RollingPlan;
import java.util.Optional;
import picocli.CommandLine.Option;

/** A rolling circus command's options (a picocli mixin of the root command). */
final class RollingOptions {

    @Option(
            names = "--batch",
            paramLabel = "N|P%",
            description =
                    "Run the circus command one batch of (host, user) pairs at a time: a count or a"
                            + " percentage of the pairs, in the report's order.")
    String batch;

    @Option(
            names = "--max-failures",
            paramLabel = "N|P%",
            description =
                    "Start no further batch once more pairs than this failed or did not settle"
                            + " (default: 0).")
    String maxFailures;

    @Option(
            names = "--settle",
            paramLabel = "TIME",
            description =
                    "After each batch, how long the watchers it touched have to be active again"
                            + " (stopped after stop), as circus's status says (default: 5s).")
    String settle;

    @Option(
            names = "--pause",
            paramLabel = "TIME",
            description = "Wait between batches (default: none). TIME: 500ms, 10s, 2m.")
    String pause;

    /**
     * @throws dev.barnum.config.BadInputException naming the option when a value cannot be used
     */
    Optional<RollingPlan> plan() {
        return RollingPlan.of(batch, maxFailures, settle, pause);
    }
}
