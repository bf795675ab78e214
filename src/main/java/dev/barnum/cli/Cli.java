package dev.barnum.cli;

import dev.barnum.commands.CommandPolicy;
import dev.barnum.config.BadInputException;
import dev.barnum.fleet.Fleet;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
     * @param errIsTerminal whether {@code err} is a terminal ({@link Terminal#stderr()}): a run
     *     that takes long shows its progress there
     * @return the exit status documented in {@code barnum-cli --help}
     */
    public static int execute(
            Fleet fleet,
            CommandPolicy policy,
            IntSupplier serve,
            PrintStream out,
            PrintStream err,
            boolean errIsTerminal,
            String... args) {
        ArgSplit split = ArgSplit.of(args);
        List<String> refusals = new ArrayList<>();
        Operation operation = new Operation(fleet, policy, out, err, errIsTerminal);
        CommandLine.IFactory factory = Candidates.factory(fleet);
        CommandLine root =
                configure(
                        new CommandLine(new RootCommand(operation, split.tail()), factory),
                        refusals::addAll);
        root.addSubcommand(
                configure(
                        new CommandLine(new BaileyCommand(operation, split.tail()), factory),
                        refusals::addAll));
        root.addSubcommand(configure(new CommandLine(new ServeCommand(serve)), refusals::addAll));
        root.addSubcommand(
                configure(new CommandLine(new LogsCommand(fleet), factory), refusals::addAll));
        root.addSubcommand(configure(new CommandLine(new CompletionCommand()), refusals::addAll));
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        root.getSubcommands()
                .values()
                .forEach(
                        sub -> {
                            sub.setOut(new PrintWriter(out, true));
                            sub.setErr(new PrintWriter(err, true));
                        });
        int exit = root.execute(split.head().toArray(String[]::new));
        if (!refusals.isEmpty() && OutputFormat.requested(jsonWords(split))) {
            out.print(JsonDocuments.error(String.join("\n", refusals)));
        }
        return exit;
    }

    /** The words that may hold {@code --output}: barnum's own, then bailey's. */
    private static List<String> jsonWords(ArgSplit split) {
        List<String> words = new ArrayList<>(split.head());
        words.addAll(ArgSplit.of(split.tail()).head());
        return words;
    }

    /**
     * One-line errors and documented exit codes, for the root command and for bailey's arguments
     * alike.
     */
    static CommandLine configure(CommandLine line) {
        return configure(line, problems -> {});
    }

    /**
     * @param refused is told of each refusal's lines (without the program's name), for a JSON error
     *     document
     */
    static CommandLine configure(CommandLine line, Consumer<List<String>> refused) {
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setParameterExceptionHandler(
                (e, args) -> {
                    String problem = e.getMessage() + " (see --help)";
                    e.getCommandLine()
                            .getErr()
                            .println(e.getCommandLine().getCommandName() + ": " + problem);
                    refused.accept(List.of(problem));
                    return Operation.BAD_INPUT;
                });
        line.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    if (e instanceof BadInputException
                            || e instanceof CommandLine.ParameterException) {
                        List<String> problems = e.getMessage().lines().toList();
                        problems.forEach(problem -> cmd.getErr().println("barnum-cli: " + problem));
                        refused.accept(problems);
                        return Operation.BAD_INPUT;
                    }
                    cmd.getErr().println("barnum-cli: internal error: " + e);
                    refused.accept(List.of("internal error: " + e));
                    return 3;
                });
        return line;
    }
}
