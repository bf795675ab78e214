package dev.barnum.cli;

import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.Trace;
import dev.barnum.base.Daemons;
import dev.barnum.commands.PairCommands;
import dev.barnum.commands.RolledPair;
import dev.barnum.commands.RollingPlan;
import dev.barnum.commands.RollingResult;
import dev.barnum.commands.Rollout;
import dev.barnum.discovery.Inventory;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.Target;
import dev.barnum.report.RollingReport;
import dev.barnum.state.FleetSnapshot;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * A rolling command from the CLI ({@code --batch}): run batch by batch through the command path the
 * service uses, or its dry run, printed as text or as one JSON document.
 */
final class RollingRun {

    private final Fleet fleet;
    private final PrintStream out;
    private final PrintStream err;

    RollingRun(Fleet fleet, PrintStream out, PrintStream err) {
        this.fleet = fleet;
        this.out = out;
        this.err = err;
    }

    /**
     * A circus command one batch at a time, through the command path the service uses: the target's
     * pairs from a status poll of its hosts, each batch reported as it ends. Ctrl-C stops it before
     * its next batch.
     */
    int run(
            List<String> hosts,
            Inventory inventory,
            Target target,
            List<String> args,
            RollingPlan plan,
            Trace trace,
            OutputFormat format) {
        boolean json = format == OutputFormat.JSON;
        FleetSnapshot snapshot =
                fleet.probe(hosts, inventory, target.user(), HostProbe.Ask.STATUS, trace);
        java.util.concurrent.ExecutorService workers =
                java.util.concurrent.Executors.newFixedThreadPool(
                        Math.max(1, fleet.parallelism()), Daemons.named("barnum-command"));
        try (CtrlC ctrlC = CtrlC.watch(err)) {
            RollingResult result =
                    new PairCommands(fleet)
                            .roll(
                                    snapshot,
                                    target,
                                    args,
                                    plan,
                                    workers,
                                    ctrlC::pressed,
                                    json
                                            ? Rollout.Listener.NONE
                                            : new Rollout.Listener() {
                                                @Override
                                                public void batchStarting(
                                                        int batch,
                                                        int batches,
                                                        List<String> pairs) {
                                                    out.println(
                                                            RollingReport.batchHeader(
                                                                    batch, batches, pairs));
                                                    out.flush();
                                                }

                                                @Override
                                                public void batchDone(
                                                        int batch,
                                                        int batches,
                                                        List<RolledPair> results) {
                                                    results.forEach(
                                                            r ->
                                                                    out.println(
                                                                            RollingReport.pairLine(
                                                                                    r)));
                                                    out.flush();
                                                }
                                            });
            if (json) {
                out.print(JsonDocuments.rolling(result));
            } else {
                RollingReport.summary(result).forEach(out::println);
            }
            if (ctrlC.pressed() && result.stopped() != null) {
                return Operation.INTERRUPTED;
            }
            return result.ok() ? Operation.OK : Operation.PROBLEM;
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * The batches a rolling command would run, in order, over the pairs the homes name (only asking
     * the hosts tells which units really run): nothing connects.
     */
    int dryRun(
            List<String> hosts,
            Inventory inventory,
            Optional<String> user,
            List<String> args,
            RollingPlan plan,
            OutputFormat format) {
        List<dev.barnum.discovery.Instance> pairs =
                hosts.stream()
                        .flatMap(h -> inventory.instances(h).stream())
                        .filter(i -> user.map(i.user()::equals).orElse(true))
                        .toList();
        if (format == OutputFormat.JSON) {
            out.print(
                    JsonDocuments.rolling(
                            RollingDryRun.result(
                                    pairs, plan, args, this::endpointOf, fleet.circusctl())));
            return Operation.OK;
        }
        int size = plan.batch().batchOf(pairs.size());
        int batches = (pairs.size() + size - 1) / size;
        out.println(
                "DRY RUN; would run "
                        + String.join(" ", args)
                        + " on "
                        + pairs.size()
                        + " pairs in "
                        + batches
                        + " batches of "
                        + size
                        + ", stopping after more than "
                        + plan.maxFailures().limitOf(pairs.size())
                        + " failures; settle "
                        + plan.settle().toMillis()
                        + " ms, pause "
                        + plan.pause().toMillis()
                        + " ms (only pairs whose unit runs)");
        for (int b = 0; b < batches; b++) {
            List<dev.barnum.discovery.Instance> batch =
                    pairs.subList(b * size, Math.min(pairs.size(), (b + 1) * size));
            out.println(
                    RollingReport.batchHeader(
                            b + 1,
                            batches,
                            batch.stream().map(i -> i.user() + "@" + i.host()).toList()));
            for (dev.barnum.discovery.Instance i : batch) {
                out.println(
                        "DRY RUN; would send "
                                + String.join(" ", args)
                                + " to "
                                + i.user()
                                + "@"
                                + i.host()
                                + "'s circusd"
                                + endpoint(i)
                                + ", if its unit is running");
            }
        }
        return Operation.OK;
    }

    private String endpoint(dev.barnum.discovery.Instance i) {
        RollingDryRun.Endpoint endpoint = endpointOf(i);
        return endpoint.value().map(ep -> " at " + ep).orElse(" (" + endpoint.problem() + ")");
    }

    private RollingDryRun.Endpoint endpointOf(dev.barnum.discovery.Instance i) {
        try {
            return new RollingDryRun.Endpoint(
                    Optional.of(
                            dev.barnum.circus.CircusIni.endpoint(
                                            fleet.homes().ini(i.user(), i.host()),
                                            fleet.homes().home(i.user()))
                                    .value()),
                    null);
        } catch (dev.barnum.circus.CircusIniException e) {
            return new RollingDryRun.Endpoint(
                    Optional.empty(), "cannot tell its endpoint: " + e.getMessage());
        }
    }
}
