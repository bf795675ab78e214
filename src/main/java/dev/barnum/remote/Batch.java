package dev.barnum.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Several commands in one round trip: a POSIX sh script that starts them all at once, each with
 * its output (stdout and stderr merged) in a temporary file of its own, waits for each and appends
 * a marker line carrying its exit status to its file, then prints the files in order with one
 * {@code cat}. Every word is quoted by {@link ShellQuote}; the script itself holds no other input.
 * Every poll of every host runs it, so it starts as few processes as it can: one per command and
 * three for the batch ({@code mktemp}, {@code cat}, {@code rm}).
 */
public final class Batch {

    private final List<List<String>> commands;
    private final String marker = "@@barnum-" + UUID.randomUUID();

    public Batch(List<List<String>> commands) {
        this.commands = List.copyOf(commands);
    }

    /** The argv that runs the whole batch: {@code sh -c SCRIPT}. */
    public List<String> argv() {
        StringBuilder script = new StringBuilder("d=$(mktemp -d) || exit 125\ntrap 'rm -rf \"$d\"' EXIT\ntrap 'exit 129' HUP INT TERM\n");
        for (int i = 0; i < commands.size(); i++) {
            script.append(ShellQuote.join(commands.get(i))).append(" >\"$d/").append(i).append("\" 2>&1 </dev/null &\np").append(i)
                    .append("=$!\n");
        }
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            script.append("wait \"$p").append(i).append("\"; printf '\\n%s:%s\\n' '").append(marker).append("' $? >>\"$d/").append(i)
                    .append("\"\n");
            files.append(" \"$d/").append(i).append('"');
        }
        script.append("cat").append(files).append('\n');
        return List.of("sh", "-c", script.toString());
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
                results.add(new ExecResult(command, -1, "", "no result: the batch ended early (exit " + whole.exit() + ") "
                        + whole.firstErrorLine(), each));
                continue;
            }
            int end = out.indexOf('\n', at + separator.length());
            String status = out.substring(at + separator.length(), end < 0 ? out.length() : end).strip();
            results.add(new ExecResult(command, parseExit(status), out.substring(from, at), "", each));
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
