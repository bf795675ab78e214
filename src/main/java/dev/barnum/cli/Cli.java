package dev.barnum.cli;

import dev.barnum.commands.CommandPolicy;
import dev.barnum.config.BadInputException;
import dev.barnum.fleet.Fleet;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.IntSupplier;
import picocli.CommandLine;

/**
 * Builds the {@code barnum-cli} command line and runs it: the words, the report, the exit status.
 */
public final class Cli {

    private Cli() {}

    /**
     * @param policy what circus commands may be sent (the service's own, {@code
     *     barnum.commands.allowed})
     * @param serve runs the service until it stops ({@code barnum-cli serve}), returning its exit
     *     status
     * @return the exit status documented in {@code barnum-cli --help}
     */
    public static int execute(
            Fleet fleet,
            CommandPolicy policy,
            IntSupplier serve,
            PrintStream out,
            PrintStream err,
            String... args) {
        ArgSplit split = ArgSplit.of(args);
        Operation operation = new Operation(fleet, policy, out, err);
        CommandLine root = configure(new CommandLine(new RootCommand(operation, split.tail())));
        root.addSubcommand(configure(new CommandLine(new BaileyCommand(operation, split.tail()))));
        root.addSubcommand(configure(new CommandLine(new ServeCommand(serve))));
        root.addSubcommand(configure(new CommandLine(new LogsCommand(fleet))));
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        root.getSubcommands()
                .values()
                .forEach(
                        sub -> {
                            sub.setOut(new PrintWriter(out, true));
                            sub.setErr(new PrintWriter(err, true));
                        });
        return root.execute(split.head().toArray(String[]::new));
    }

    /**
     * One-line errors and documented exit codes, for the root command and for bailey's arguments
     * alike.
     */
    static CommandLine configure(CommandLine line) {
        line.setParameterExceptionHandler(
                (e, args) -> {
                    e.getCommandLine()
                            .getErr()
                            .println(
                                    e.getCommandLine().getCommandName()
                                            + ": "
                                            + e.getMessage()
                                            + " (see --help)");
                    return Operation.BAD_INPUT;
                });
        line.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    if (e instanceof BadInputException
                            || e instanceof CommandLine.ParameterException) {
                        e.getMessage()
                                .lines()
                                .forEach(problem -> cmd.getErr().println("barnum-cli: " + problem));
                        return Operation.BAD_INPUT;
                    }
                    cmd.getErr().println("barnum-cli: internal error: " + e);
                    return 3;
                });
        return line;
    }
}
