package dev.barnum.cli;

import dev.barnum.fleet.Target;
import jakarta.enterprise.inject.Vetoed;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barnum-cli [TARGET] [--verbose] [--dry-run] [-- BAILEY_ARGS... [-- CIRCUS_ARGS...]]}. */
@Vetoed // built by Cli with its passed-on arguments, not by CDI
@Command(
        name = "barnum-cli",
        mixinStandardHelpOptions = true,
        version = "barnum 0.1.0",
        usageHelpWidth = 100,
        description = {
            "Watches and drives the Circus instances of a fleet over SSH.",
            "TARGET is a host, user@host, or nothing for every host found in the users' circus homes."
        },
        customSynopsis = {
            "barnum-cli [TARGET] [--verbose] [--dry-run] [-o json] [-- BAILEY_ARGS... [-- CIRCUS_ARGS...]]",
            "barnum-cli [TARGET] --batch N|P% [--max-failures N|P%] [--settle TIME] [--pause TIME]",
            "           [--dry-run] [-o json] -- -- CIRCUS_ARGS...",
            "barnum-cli bailey [USER] [--verbose] [--dry-run] [-o json] [-- CIRCUS_ARGS...]",
            "barnum-cli logs USER@HOST [WATCHER] [--stderr] [--lines N] [--follow | -o json]",
            "barnum-cli generate-completion"
        },
        footer = {
            "",
            "After the first --, arguments go to bailey (USER, --verbose, --dry-run, --output, --help);",
            "after a second --, to circusctl, verbatim, for every running unit (default: status).",
            "  barnum-cli user1@host1 --verbose -- -- stats",
            "With --batch, the circus command runs one batch of pairs at a time, each batch's",
            "watchers checked with circus before the next; see the options above.",
            "  barnum-cli all --batch 10 --max-failures 2 -- -- restart web",
            "",
            "--output json prints one JSON document on stdout, as the REST API answers: the fleet",
            "view, or one command result per (host, user); a refusal is {\"error\": ...}.",
            "On a terminal, a run that takes over a second shows its progress on stderr.",
            "",
            "Exit status:",
            "  0  every host answered and every command succeeded",
            "  1  a host could not be reached, a command failed, or a circusd did not answer",
            "  2  bad input (file, target or argument); nothing was executed",
            "  3  an internal error",
            "  130  a rolling command stopped by Ctrl-C before its next batch"
        })
final class RootCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TARGET",
            completionCandidates = Candidates.Targets.class,
            description = "host, user@host, or all (default).")
    String target;

    @Mixin RunOptions options;

    @Mixin RollingOptions rolling;

    @picocli.CommandLine.Option(
            names = "--shard",
            paramLabel = "i/N",
            description =
                    "Only the hosts of shard i (from 0) of N, as a service with barnum.shard=i/N"
                            + " polls them (default: every host; barnum.shard is not read here).")
    String shard;

    @Spec CommandLine.Model.CommandSpec spec;

    private final Operation operation;
    private final List<String> baileyArgs;

    RootCommand(Operation operation, List<String> baileyArgs) {
        this.operation = operation;
        this.baileyArgs = baileyArgs;
    }

    @Override
    public Integer call() {
        ArgSplit split = ArgSplit.of(baileyArgs);
        BaileyCommand bailey = new BaileyCommand(operation, split.tail());
        CommandLine baileyLine = Cli.configure(new CommandLine(bailey));
        baileyLine.setOut(spec.commandLine().getOut());
        baileyLine.setErr(spec.commandLine().getErr());
        CommandLine.ParseResult parsed = baileyLine.parseArgs(split.head().toArray(String[]::new));
        if (CommandLine.printHelpIfRequested(parsed)) {
            return Operation.OK;
        }
        return operation.remote(
                Target.parse(target),
                bailey.user(),
                split.tail(),
                options.verbose || bailey.options.verbose,
                options.dryRun || bailey.options.dryRun,
                bailey.options.output.format == OutputFormat.TEXT
                        ? options.output.format
                        : bailey.options.output.format,
                rolling.plan(),
                shard == null
                        ? dev.barnum.discovery.Shard.WHOLE
                        : dev.barnum.discovery.Shard.parse(shard, "--shard"));
    }
}
