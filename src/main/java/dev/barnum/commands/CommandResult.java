package dev.barnum.commands;

import java.util.List;

/**
 * What one circus command did on one (host, user): the argv run on the host, circusctl's exit
 * status (null when nothing ran), its output, how long it took (retries and their pauses included),
 * how it ended, and how many times it was sent again after circus answered errno 5 ("arbiter is
 * already running ... command").
 */
public record CommandResult(
        String host,
        String user,
        List<String> argv,
        Integer exitStatus,
        String stdout,
        String stderr,
        long durationMillis,
        Outcome outcome,
        String message,
        int retries) {

    /** A command that ran nowhere (skipped, a dry run, not sent): no exit status, no output. */
    public static CommandResult notRun(
            String host, String user, List<String> argv, Outcome outcome, String message) {
        return new CommandResult(host, user, argv, null, "", "", 0, outcome, message, 0);
    }

    CommandResult withRetries(int count) {
        return with(outcome, message, count);
    }

    /**
     * This result, as the service's stop left it: {@link Outcome#INTERRUPTED}, saying why after
     * what the command had come to.
     */
    CommandResult interrupted(String why) {
        return with(
                Outcome.INTERRUPTED, message == null ? why : why + " (" + message + ")", retries);
    }

    private CommandResult with(Outcome outcome, String message, int retries) {
        return new CommandResult(
                host,
                user,
                argv,
                exitStatus,
                stdout,
                stderr,
                durationMillis,
                outcome,
                message,
                retries);
    }
}
