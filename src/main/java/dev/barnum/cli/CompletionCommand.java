package dev.barnum.cli;

import jakarta.enterprise.inject.Vetoed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code barnum-cli generate-completion}: picocli's bash (and zsh) completion script for every
 * command, option and TARGET of the homes, then Barnum's own part ({@code
 * completion-user-at-host.bash}), which lets bash complete {@code user@host} although it splits
 * words at {@code @}.
 */
@Vetoed // built by Cli, not by CDI
@Command(
        name = "generate-completion",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Prints a bash completion script: commands, options, hosts and users.",
            "The hosts and users are the homes' as they are now: run it again when they change.",
            "  source <(barnum-cli generate-completion)"
        })
final class CompletionCommand implements Callable<Integer> {

    private static final String OWN_PART = "completion-user-at-host.bash";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        // not println: a script with other line separators fails in bash
        spec.commandLine()
                .getOut()
                .print(AutoComplete.bash("barnum-cli", spec.parent().commandLine()) + ownPart());
        spec.commandLine().getOut().flush();
        return Operation.OK;
    }

    static String ownPart() {
        try (InputStream in = CompletionCommand.class.getResourceAsStream(OWN_PART)) {
            if (in == null) {
                throw new IllegalStateException(OWN_PART + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
