package dev.barnum.cli;

import dev.barnum.bailey.CommandReport;
import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.PassthroughRequest;
import dev.barnum.bailey.Trace;
import dev.barnum.commands.CommandPolicy;
import dev.barnum.commands.RollingPlan;
import dev.barnum.config.BadInputException;
import dev.barnum.config.Names;
import dev.barnum.discovery.Inventory;
import dev.barnum.discovery.Shard;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.Target;
import dev.barnum.remote.Shell;
import dev.barnum.state.FleetSnapshot;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One CLI run, from validated words to printed report and exit code. Everything is checked before
 * anything runs: a bad target or argument executes nothing.
 */
final class Operation {

    /** Everything ran and every command succeeded. */
    static final int OK = 0;

    /**
     * A host could not be reached, a command failed, a circusd did not answer, or a unit the homes
     * expect is not installed.
     */
    static final int PROBLEM = 1;

    /** Bad input: nothing was executed. */
    static final int BAD_INPUT = 2;

    private final Fleet fleet;
    private final CommandPolicy policy;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean errIsTerminal;

    /**
     * @param errIsTerminal whether {@code err} is a terminal: only there does a run show its
     *     progress
     */
    Operation(
            Fleet fleet,
            CommandPolicy policy,
            PrintStream out,
            PrintStream err,
            boolean errIsTerminal) {
        this.fleet = fleet;
        this.policy = policy;
        this.out = out;
        this.err = err;
        this.errIsTerminal = errIsTerminal;
    }

    /** An operator's Ctrl-C ended a rolling command before its next batch. */
    static final int INTERRUPTED = 130;

    /**
     * barnum: the target's hosts over SSH.
     *
     * @param rolling with a plan, circus's arguments run one batch at a time ({@link #rolling})
     */
    int remote(
            Target target,
            Optional<String> baileyUser,
            List<String> circusArgs,
            boolean verbose,
            boolean dryRun,
            OutputFormat format,
            Optional<RollingPlan> rolling,
            Shard shard) {
        refuseBadConfiguration(true);
        List<String> args = checked(circusArgs);
        if (rolling.isPresent() && args.isEmpty()) {
            throw new BadInputException(
                    "--batch needs a circus command after -- --: barnum-cli all --batch 10 -- -- restart web");
        }
        Optional<String> user = user(target, baileyUser);
        Inventory inventory = fleet.inventory();
        List<String> hosts =
                user.isPresent() && target.host().isEmpty()
                        ? inventory.hosts().keySet().stream()
                                .filter(h -> inventory.instance(user.get(), h).isPresent())
                                .toList()
                        : fleet.hosts(
                                target.host()
                                        .map(h -> new Target(user, Optional.of(h)))
                                        .orElse(target),
                                inventory);
        if (hosts.isEmpty()) {
            throw new BadInputException(
                    user.map(u -> "no host has a circus.ini for user " + u)
                            .orElse("no host found in the homes"));
        }
        if (target.host().isPresent() && !shard.owns(target.host().get())) {
            throw new BadInputException(
                    target.host().get()
                            + " belongs to shard "
                            + shard.ownerOf(target.host().get())
                            + ", not to --shard "
                            + shard);
        }
        hosts = hosts.stream().filter(shard::owns).toList();
        Trace trace = verbose ? Trace.to(err) : Trace.NONE;
        trace.barnum("Circus is configured on the following hosts: " + String.join(", ", hosts));
        hosts.forEach(
                host -> trace.barnum("Processing " + user.map(u -> u + "@").orElse("") + host));
        boolean pairs = target.host().isPresent() || user.isPresent();
        Printer printer = new Printer(format, out);
        if (rolling.isPresent()) {
            Target narrowed = new Target(user, target.host());
            RollingRun run = new RollingRun(fleet, out, err);
            return dryRun
                    ? run.dryRun(hosts, inventory, user, args, rolling.get(), format)
                    : run.run(hosts, inventory, narrowed, args, rolling.get(), trace, format);
        }
        if (dryRun) {
            return dryRun(printer, hosts, fleet::shell, inventory, user, args, pairs, true);
        }
        boolean showProgress = errIsTerminal && !verbose && format == OutputFormat.TEXT;
        if (!args.isEmpty()) {
            List<CommandReport> reports;
            try (Progress progress =
                    Progress.on(showProgress, err, "ran the command on", hosts.size())) {
                reports =
                        fleet.command(
                                hosts,
                                inventory,
                                new PassthroughRequest(user, args, trace),
                                report -> progress.host(report.failure().isEmpty()));
            }
            printer.outputs(reports, user, endpoint -> fleet.circusctl().text(endpoint, args));
            return reports.stream().anyMatch(CommandReport::problem) ? PROBLEM : OK;
        }
        FleetSnapshot snapshot;
        try (Progress progress = Progress.on(showProgress, err, "polled", hosts.size())) {
            snapshot =
                    fleet.probe(
                            hosts,
                            inventory,
                            user,
                            HostProbe.Ask.STATUS,
                            trace,
                            report -> progress.host(report.up()));
        }
        printer.report(snapshot, pairs, true);
        return snapshot.problem() ? PROBLEM : OK;
    }

    /** bailey: the current host, through a local shell. */
    int local(
            Optional<String> user,
            List<String> circusArgs,
            boolean verbose,
            boolean dryRun,
            OutputFormat format) {
        refuseBadConfiguration(false);
        List<String> args = checked(circusArgs);
        String host = LocalHost.name();
        user.ifPresent(
                u -> {
                    if (!Names.isUser(u)) {
                        throw new BadInputException("invalid user '" + u + "'");
                    }
                    if (!java.nio.file.Files.isRegularFile(fleet.homes().ini(u, host))) {
                        throw new BadInputException(
                                "no circus for "
                                        + u
                                        + "@"
                                        + host
                                        + ": "
                                        + fleet.homes().ini(u, host)
                                        + " does not exist");
                    }
                });
        Inventory inventory = fleet.inventory();
        Trace trace = verbose ? Trace.to(err) : Trace.NONE;
        Printer printer = new Printer(format, out);
        if (dryRun) {
            Shell shell = fleet.localShell();
            return dryRun(
                    printer,
                    List.of(host),
                    h -> shell,
                    inventory,
                    user,
                    args,
                    user.isPresent(),
                    false);
        }
        if (!args.isEmpty()) {
            CommandReport report =
                    fleet.commandLocal(host, inventory, new PassthroughRequest(user, args, trace));
            printer.outputs(
                    List.of(report), user, endpoint -> fleet.circusctl().text(endpoint, args));
            return report.problem() ? PROBLEM : OK;
        }
        FleetSnapshot snapshot = fleet.probeLocal(host, inventory, user, trace);
        printer.report(snapshot, user.isPresent(), false);
        return snapshot.problem() ? PROBLEM : OK;
    }

    private int dryRun(
            Printer printer,
            List<String> hosts,
            java.util.function.Function<String, Shell> shells,
            Inventory inventory,
            Optional<String> user,
            List<String> args,
            boolean pairs,
            boolean upperCase) {
        DryRun dryRun = new DryRun(fleet.homes(), fleet.units(), fleet.circusctl());
        printer.dryRun(
                hosts.stream()
                        .map(host -> dryRun.plan(host, shells.apply(host), inventory, user, args))
                        .toList(),
                host ->
                        pairs
                                ? user.map(u -> u + "@").orElse("") + host
                                : upperCase ? host.toUpperCase(Locale.ROOT) : host);
        return OK;
    }

    /**
     * @throws BadInputException with one line per problem of the configuration
     */
    private void refuseBadConfiguration(boolean remote) {
        List<String> problems = fleet.check(remote);
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("\n", problems));
        }
    }

    /**
     * An operator's circus command, through the policy every surface shares; none means Barnum's
     * own status.
     */
    private List<String> checked(List<String> circusArgs) {
        return circusArgs.isEmpty() ? List.of() : policy.check(circusArgs);
    }

    private static Optional<String> user(Target target, Optional<String> baileyUser) {
        if (target.user().isPresent()
                && baileyUser.isPresent()
                && !target.user().equals(baileyUser)) {
            throw new BadInputException(
                    "the target names user "
                            + target.user().get()
                            + " but bailey's arguments name "
                            + baileyUser.get());
        }
        Optional<String> user = target.user().or(() -> baileyUser);
        if (user.isPresent() && !Names.isUser(user.get())) {
            throw new BadInputException("invalid user '" + user.get() + "'");
        }
        return user;
    }
}
