package dev.barnum.cli;

import jakarta.enterprise.inject.Vetoed;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code barnum-cli bailey [USER] [--verbose] [--dry-run] [-- CIRCUS_ARGS...]}: the host flow on
 * the current host. Also parses the BAILEY_ARGS that barnum passes on after its first {@code --}.
 */
@Vetoed // built by Cli with its passed-on arguments, not by CDI
@Command(
        name = "bailey",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Reports (or drives) the circus instances of the current host: its circus units, their",
            "states, and the watchers of each running circusd. With USER, only that user's circus."
        },
        customSynopsis =
                "barnum-cli bailey [USER] [--verbose] [--dry-run] [-o json] [-- CIRCUS_ARGS...]",
        footer = {
            "",
            "CIRCUS_ARGS, after --, go to circusctl verbatim for each running unit (default: status).",
            "",
            "Exit status:",
            "  0  every command succeeded",
            "  1  a command failed or a circusd did not answer",
            "  2  bad input (file or argument); nothing was executed",
            "  3  an internal error"
        })
final class BaileyCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "USER",
            completionCandidates = Candidates.Users.class,
            description = "Only this user's circus.")
    String user;

    @Mixin RunOptions options;

    private final Operation operation;
    private final List<String> circusArgs;

    BaileyCommand(Operation operation, List<String> circusArgs) {
        this.operation = operation;
        this.circusArgs = circusArgs;
    }

    Optional<String> user() {
        return Optional.ofNullable(user);
    }

    @Override
    public Integer call() {
        return operation.local(
                user(), circusArgs, options.verbose, options.dryRun, options.output.format);
    }
}
