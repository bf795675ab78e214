package dev.barnum.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one probe of one host saw: its units, or why the host could not be probed. Never
 * thrown: a host that fails is a report with a {@link Failure}.
 */
public record HostReport(
        String host,
        Instant started,
        Duration took,
        Optional<Failure> failure,
        List<UnitReport> units) {

    public HostReport {
        units = List.copyOf(units);
    }

    public static HostReport failed(String host, Instant started, Duration took, Failure failure) {
        return new HostReport(host, started, took, Optional.of(failure), List.of());
    }

    public boolean up() {
        return failure.isEmpty();
    }

    /**
     * Whether anything on this host went wrong: unreachable, a failed command, a circusd that did
     * not answer.
     */
    public boolean problem() {
        return failure.isPresent() || units.stream().anyMatch(u -> u.circus().problem());
    }
}
