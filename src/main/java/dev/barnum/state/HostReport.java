package dev.barnum.state;

import dev.barnum.config.BarnumConfig.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one probe of one host saw: its units, or why the host could not be probed, and how its
 * circusds were asked ({@code transport}: over circus's own protocol, or with circusctl where that
 * is configured or the host's sshd refuses to forward). Never thrown: a host that fails is a report
 * with a {@link Failure}.
 */
public record HostReport(
        String host,
        Instant started,
        Duration took,
        Optional<Failure> failure,
        List<UnitReport> units,
        Transport transport) {

    public HostReport {
        units = List.copyOf(units);
    }

    /** A report of a host asked with circusctl. */
    public HostReport(
            String host,
            Instant started,
            Duration took,
            Optional<Failure> failure,
            List<UnitReport> units) {
        this(host, started, took, failure, units, Transport.CIRCUSCTL);
    }

    /** The same report with other units (their states changed, or last seen). */
    public HostReport withUnits(List<UnitReport> changed) {
        return new HostReport(host, started, took, failure, changed, transport);
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
