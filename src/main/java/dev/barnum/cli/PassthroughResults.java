package dev.barnum.cli;

import dev.barnum.bailey.CommandReport;
import dev.barnum.bailey.PairOutput;
import dev.barnum.commands.CommandResult;
import dev.barnum.commands.Outcome;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pure: an operator's circus command ({@code -- -- ARGS}) as the REST API's command results, one
 * per (host, user): circusctl's output verbatim in {@code stdout}, its exit status, and the outcome
 * the REST API would give it ({@code OK}; {@code ERROR} when circusctl says circusd refused, exit
 * 3; {@code TIMEOUT}; {@code FAILED}; {@code SKIPPED} when the unit is not running). A host that
 * could not be reached is one result whose {@code user} is the one asked for, or null.
 */
final class PassthroughResults {

    /** circusctl's exit status when circusd answered with an error. */
    private static final int CIRCUS_ERROR = 3;

    private PassthroughResults() {}

    /**
     * @param onlyUser the user the command was for, if one
     * @param argvAt the circusctl argv that runs the command against an endpoint
     */
    static List<CommandResult> of(
            List<CommandReport> reports,
            Optional<String> onlyUser,
            Function<String, List<String>> argvAt) {
        List<CommandResult> results = new ArrayList<>();
        for (CommandReport host : reports) {
            host.failure()
                    .ifPresent(
                            f ->
                                    results.add(
                                            CommandResult.notRun(
                                                    host.host(),
                                                    onlyUser.orElse(null),
                                                    List.of(),
                                                    outcome(f),
                                                    f.message())));
            for (PairOutput pair : host.pairs()) {
                results.add(
                        pair.reply()
                                .match(
                                        printed ->
                                                printed(host.host(), pair.user(), printed.result()),
                                        notRun -> notRun(host.host(), pair, notRun.why(), argvAt)));
            }
        }
        return results;
    }

    private static CommandResult printed(String host, String user, ExecResult result) {
        // a circusctl that timed out is not here: circusd did not answer (notRun)
        Outcome outcome =
                result.ok()
                        ? Outcome.OK
                        : result.exit() == CIRCUS_ERROR ? Outcome.ERROR : Outcome.FAILED;
        return new CommandResult(
                host,
                user,
                result.argv(),
                result.exit(),
                result.stdout(),
                result.stderr(),
                result.took().toMillis(),
                outcome,
                result.ok()
                        ? null
                        : "circusctl exited " + result.exit() + ": " + result.firstErrorLine(),
                0);
    }

    private static CommandResult notRun(
            String host,
            PairOutput pair,
            CircusFinding why,
            Function<String, List<String>> argvAt) {
        String user = pair.user();
        return why.match(
                new CircusFinding.Cases<>() {
                    @Override
                    public CommandResult notExpected(CircusFinding.NotExpected f) {
                        return CommandResult.notRun(
                                host,
                                user,
                                List.of(),
                                Outcome.SKIPPED,
                                pair.unit() + " is not running");
                    }

                    @Override
                    public CommandResult watchers(CircusFinding.Watchers f) {
                        return CommandResult.notRun(host, user, List.of(), Outcome.SKIPPED, null);
                    }

                    @Override
                    public CommandResult notAnswering(CircusFinding.NotAnswering f) {
                        return CommandResult.notRun(
                                host,
                                user,
                                argvAt.apply(f.endpoint()),
                                Outcome.TIMEOUT,
                                "circusd did not answer at " + f.endpoint());
                    }

                    @Override
                    public CommandResult hostUnreachable(CircusFinding.HostUnreachable f) {
                        return CommandResult.notRun(
                                host, user, List.of(), Outcome.FAILED, "the host did not answer");
                    }

                    @Override
                    public CommandResult failed(CircusFinding.Failed f) {
                        return CommandResult.notRun(
                                host, user, List.of(), outcome(f.failure()), f.failure().message());
                    }
                });
    }

    private static Outcome outcome(Failure failure) {
        return failure.reason() == Reason.TIMEOUT ? Outcome.TIMEOUT : Outcome.FAILED;
    }
}
