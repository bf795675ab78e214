package dev.barnum.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Several commands in one round trip: a POSIX sh script that runs them all at once, each with its
 * output (stdout and stderr merged) in a temporary file, then prints each output followed by a
 * marker line carrying its exit status. Every word is quoted by {@link ShellQuote}; the script
 * itself holds no other input.
 */
public final class Batch {

    private final List<List<String>> commands;
    private final String marker = "@@barnum-" + UUID.randomUUID();

    public Batch(List<List<String>> commands) {
        this.commands = List.copyOf(commands);
    }

    public List<List<String>> commands() {
        return commands;
    }

    /** The argv that runs the whole batch: {@code sh -c SCRIPT}. */
    public List<String> argv() {
        StringBuilder script = new StringBuilder("d=$(mktemp -d) || exit 125\ntrap 'rm -rf \"$d\"' EXIT\n");
        for (int i = 0; i < commands.size(); i++) {
            script.append("{ ").append(ShellQuote.join(commands.get(i))).append(" >\"$d/").append(i).append("\" 2>&1 </dev/null; ")
                    .append("echo $? >\"$d/").append(i).append(".rc\"; } &\n");
        }
        script.append("wait\nfor i in");
        for (int i = 0; i < commands.size(); i++) {
            script.append(' ').append(i);
        }
        script.append("; do cat \"$d/$i\"; printf '\\n%s:%s\\n' '").append(marker).append("' \"$(cat \"$d/$i.rc\")\"; done\n");
        return List.of("sh", "-c", script.toString());
    }

    /**
     * Each command's result, in order, from the batch's output. A command whose marker is missing
     * (the batch was cut short) gets exit status -1.
     */
    public List<ExecResult> results(ExecResult whole) {
        List<ExecResult> results = new ArrayList<>();
        String rest = whole.stdout();
        Duration each = whole.took();
        for (List<String> command : commands) {
            int at = rest.indexOf("\n" + marker + ":");
            if (at < 0) {
                results.add(new ExecResult(command, -1, "", "no result: the batch ended early (exit " + whole.exit() + ") "
                        + whole.firstErrorLine(), each));
                continue;
            }
            int end = rest.indexOf('\n', at + marker.length() + 2);
            String status = rest.substring(at + marker.length() + 2, end < 0 ? rest.length() : end).strip();
            results.add(new ExecResult(command, parseExit(status), rest.substring(0, at), "", each));
            rest = end < 0 ? "" : rest.substring(end + 1);
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
