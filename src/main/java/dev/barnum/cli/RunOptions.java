package dev.barnum.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options barnum and bailey share (a picocli mixin): {@code --verbose}, {@code --dry-run},
 * {@code --output}.
 */
final class RunOptions {

    @Option(
            names = {"-v", "--verbose"},
            description = "Print each step (barnum: ..., bailey: ...) on stderr.")
    boolean verbose;

    @Option(
            names = {"-n", "--dry-run"},
            description = "Print what would be executed; execute nothing, connect nowhere.")
    boolean dryRun;

    @Mixin OutputOption output;
}
