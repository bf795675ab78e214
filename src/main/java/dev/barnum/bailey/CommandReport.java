package dev.barnum.bailey;

import dev.barnum.state.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An operator's circus command on one host (the CLI's {@code -- -- ARGS}): each running unit's
 * output, or why the host could not be reached. Not fleet state: no poll makes one and only the
 * CLI's report renders it.
 */
public record CommandReport(
        String host,
        Instant started,
        Duration took,
        Optional<Failure> failure,
        List<PairOutput> pairs) {

    public CommandReport {
        pairs = List.copyOf(pairs);
    }

    public static CommandReport failed(
            String host, Instant started, Duration took, Failure failure) {
        return new CommandReport(host, started, took, Optional.of(failure), List.of());
    }

    /** Whether the host was unreachable, or a command failed or found no circusd to answer. */
    public boolean problem() {
        return failure.isPresent() || pairs.stream().anyMatch(PairOutput::problem);
    }
}
