package dev.barnum.cli;

import dev.barnum.bailey.CommandReport;
import dev.barnum.commands.CommandResult;
import dev.barnum.report.ReportRenderer;
import dev.barnum.state.FleetSnapshot;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Prints what one run found on stdout, in its {@link OutputFormat}: the seed's text report, or one
 * JSON document ({@link JsonDocuments}).
 */
final class Printer {

    private final OutputFormat format;
    private final PrintStream out;

    Printer(OutputFormat format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    /**
     * A look at hosts: in text, one block per (user, host) when {@code pairs}, else the host report
     * (upper-case headers as barnum prints them, lower case as bailey does); in JSON, the fleet
     * view.
     */
    void report(FleetSnapshot snapshot, boolean pairs, boolean upperCase) {
        out.print(
                format == OutputFormat.JSON
                        ? JsonDocuments.fleet(snapshot)
                        : pairs
                                ? ReportRenderer.pairs(snapshot)
                                : ReportRenderer.hosts(snapshot, upperCase));
    }

    /**
     * An operator's circus command: in text, each pair's output as circusctl printed it; in JSON,
     * the command results.
     */
    void outputs(
            List<CommandReport> reports,
            Optional<String> onlyUser,
            Function<String, List<String>> argvAt) {
        out.print(
                format == OutputFormat.JSON
                        ? JsonDocuments.results(PassthroughResults.of(reports, onlyUser, argvAt))
                        : ReportRenderer.outputs(reports));
    }

    /**
     * A dry run: in text, a {@code --- header ---} line per host and what would execute; in JSON,
     * the command results of a dry run.
     */
    void dryRun(List<DryRun.Plan> plans, Function<String, String> header) {
        if (format == OutputFormat.JSON) {
            List<CommandResult> results =
                    plans.stream().flatMap(plan -> plan.results().stream()).toList();
            out.print(JsonDocuments.results(results));
            return;
        }
        for (DryRun.Plan plan : plans) {
            out.println("--- " + header.apply(plan.host()) + " ---");
            plan.lines().forEach(out::println);
        }
    }
}
