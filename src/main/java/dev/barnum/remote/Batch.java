package dev.barnum.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Several commands in one round trip: a POSIX sh script that starts them all at once, each with its
 * output (stdout and stderr merged) in a temporary file of its own, waits for each and appends a
 * marker line carrying its exit status to its file, then prints the files in order with one {@code
 * cat}. The script is a resource ({@code batch.sh}) and the commands its arguments, so no word of
 * them is ever parsed by a shell (on the way to a host, the whole argv is quoted by {@link
 * ShellQuote}). Every poll of every host runs it, so it starts as few processes as it can: one per
 * command and three for the batch ({@code mktemp}, {@code cat}, {@code rm}).
 */
public final class Batch {

    /** batch.sh: see there for the protocol. */
    private static final String SCRIPT = Scripts.load(Batch.class, "batch.sh");

    private final List<List<String>> commands;
    private final String marker = "@@barnum-" + UUID.randomUUID();

    public Batch(List<List<String>> commands) {
        this.commands = List.copyOf(commands);
    }

    /**
     * The argv that runs the whole batch: {@code sh -c SCRIPT sh MARKER N1 WORDS1... N2 WORDS2...}.
     */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh", marker));
        for (List<String> command : commands) {
            argv.add(Integer.toString(command.size()));
            argv.addAll(command);
        }
        return argv;
    }

    /**
     * Each command's result, in order, from the batch's output. A command whose marker is missing
     * (the batch was cut short) gets exit status -1.
     */
    public List<ExecResult> results(ExecResult whole) {
        List<ExecResult> results = new ArrayList<>();
        String out = whole.stdout();
        String separator = "\n" + marker + ":";
        int from = 0;
        Duration each = whole.took();
        for (List<String> command : commands) {
            int at = from < 0 ? -1 : out.indexOf(separator, from);
            if (at < 0) {
                results.add(
                        new ExecResult(
                                command,
                                -1,
                                "",
                                "no result: the batch ended early (exit "
                                        + whole.exit()
                                        + ") "
                                        + whole.firstErrorLine(),
                                each));
                continue;
            }
            int end = out.indexOf('\n', at + separator.length());
            String status =
                    out.substring(at + separator.length(), end < 0 ? out.length() : end).strip();
            results.add(
                    new ExecResult(command, parseExit(status), out.substring(from, at), "", each));
            from = end < 0 ? -1 : end + 1;
        }
        return results;
    }

    private static int parseExit(String status) {
        try {
            return Integer.parseInt(status);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
