package dev.barnum.cli;

import dev.barnum.config.BadInputException;
import dev.barnum.discovery.Instance;
import dev.barnum.discovery.Inventory;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.Target;
import dev.barnum.logs.LogSink;
import dev.barnum.logs.LogTail;
import dev.barnum.logs.LogUnavailableException;
import dev.barnum.logs.Logs;
import dev.barnum.report.LogView;
import jakarta.enterprise.inject.Vetoed;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code barnum-cli logs USER@HOST [WATCHER] [--stderr] [--lines N] [--follow | -o json]}: a
 * watcher's log, or circusd's own, from the user's circus home on this machine.
 */
@Vetoed // built by Cli, not by CDI
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Shows the last lines of a watcher's log, or of circusd's own log when no WATCHER is",
            "named, read from the user's circus home on this machine (as circus.ini is), not over SSH."
        },
        customSynopsis =
                "barnum-cli logs USER@HOST [WATCHER] [--stderr] [--lines N] [--follow | -o json]",
        footer = {
            "",
            "A watcher's log is the file its circus.ini section names (stdout_stream.filename,",
            "stderr_stream.filename), else WATCHER.stdout.log (WATCHER.stderr.log) beside circus.ini;",
            "circusd's is [circus] logoutput, else circus.log beside circus.ini. Only regular files",
            "inside the user's circus home are read, through no link out of it: a log elsewhere is",
            "named, not read. A tail reads at most 4 MiB from the end of the file; at most 8 KiB of",
            "a line is shown; control characters are shown escaped (\\x1b).",
            "  barnum-cli logs user1@host1 watcher1 --stderr --lines 50",
            "",
            "Exit status:",
            "  0  the log was shown (--follow runs until Ctrl-C, which ends it with 130)",
            "  1  the log does not exist, is elsewhere, or cannot be read",
            "  2  bad input (target, watcher or argument); nothing was read",
            "  3  an internal error"
        })
final class LogsCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "USER@HOST",
            completionCandidates = Candidates.Pairs.class,
            description = "Whose circus, on which host.")
    String target;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "WATCHER",
            description = "The watcher, as circus.ini names it; none: circusd's own log.")
    String watcher;

    @Option(names = "--stderr", description = "The watcher's standard error, not its output.")
    boolean stderr;

    // text, so that "many" gets the same one-line answer as 0 or an absurd N
    @Option(
            names = {"-n", "--lines"},
            paramLabel = "N",
            description = "How many lines: 1 to 10000 (default: 10).")
    String lines;

    @Option(
            names = {"-f", "--follow"},
            description =
                    "Then show each line appended, until Ctrl-C; says when the file is"
                            + " truncated or replaced, and goes on from its start.")
    boolean follow;

    @picocli.CommandLine.Mixin OutputOption output;

    @Spec CommandLine.Model.CommandSpec spec;

    private final Fleet fleet;

    LogsCommand(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public Integer call() {
        int count = Logs.checkLines(lines, "--lines");
        boolean json = output.format == OutputFormat.JSON;
        if (json && follow) {
            throw new BadInputException(
                    "--follow prints lines as they come, --output json one document: not both");
        }
        Instance instance = instance();
        Logs logs = new Logs(fleet.homes());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Logs.Log log = logs.locate(instance, Optional.ofNullable(watcher), stderr);
            if (follow) {
                logs.follow(log, count, new Printed(out, err));
                return Operation.OK;
            }
            LogTail tail = logs.tail(log, count);
            if (json) {
                out.print(JsonDocuments.log(LogView.of(log, tail)));
                out.flush();
                return Operation.OK;
            }
            tail.notes().forEach(note -> err.println("barnum-cli: " + note));
            tail.lines().forEach(out::println);
            out.flush();
            return Operation.OK;
        } catch (LogUnavailableException e) {
            err.println("barnum-cli: " + e.getMessage());
            if (json) {
                out.print(JsonDocuments.error(e.getMessage()));
                out.flush();
            }
            return e.why() == LogUnavailableException.Why.UNKNOWN_WATCHER
                    ? Operation.BAD_INPUT
                    : Operation.PROBLEM;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Operation.OK; // Ctrl-C ends following: what was asked
        }
    }

    /**
     * @throws BadInputException unless the target is a user@host that the homes know
     */
    private Instance instance() {
        Target parsed = Target.parse(target);
        if (parsed.user().isEmpty() || parsed.host().isEmpty()) {
            throw new BadInputException(
                    "logs needs USER@HOST, not '" + target + "': whose circus, on which host");
        }
        Inventory inventory = fleet.inventory();
        fleet.hosts(parsed, inventory); // an unknown user or host is bad input, as everywhere
        return inventory.instance(parsed.user().get(), parsed.host().get()).orElseThrow();
    }

    /** Lines to stdout as they come, notes to stderr. */
    private record Printed(PrintWriter out, PrintWriter err) implements LogSink {
        @Override
        public void line(String line) {
            out.println(line);
            out.flush();
        }

        @Override
        public void note(String note) {
            err.println("barnum-cli: " + note);
            err.flush();
        }
    }
}
