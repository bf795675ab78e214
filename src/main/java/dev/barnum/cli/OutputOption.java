package dev.barnum.cli;

import picocli.CommandLine.Option;

/** {@code -o, --output=FORMAT} (a picocli mixin): text, or one JSON document on stdout. */
final class OutputOption {

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = OutputFormat.Names.class,
            description =
                    "text (default) or json: one JSON document on stdout, as the REST API answers.")
    OutputFormat format = OutputFormat.TEXT;
}
