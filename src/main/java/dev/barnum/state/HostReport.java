package dev.barnum.state;

import dev.barnum.config.BarnumConfig.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one probe of one host saw: its units, or why the host could not be probed, and how its
 * circusds were asked ({@code transport}: over circus's own protocol, or with circusctl where that
 * is configured or the host's sshd refuses to forward); and the units the homes expect there
 * ({@code expected}, whether or not the host answered). Never thrown: a host that fails is a report
 * with a {@link Failure}.
 */
public record HostReport(
        String host,
        Instant started,
        Duration took,
        Optional<Failure> failure,
        List<UnitReport> units,
        Transport transport,
        List<ExpectedUnit> expected) {

    public HostReport {
        units = List.copyOf(units);
        expected = List.copyOf(expected);
    }

    /** A report of a host that nothing is expected on. */
    public HostReport(
            String host,
            Instant started,
            Duration took,
            Optional<Failure> failure,
            List<UnitReport> units,
            Transport transport) {
        this(host, started, took, failure, units, transport, List.of());
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
        return new HostReport(host, started, took, failure, changed, transport, expected);
    }

    /** The same report, with the units the homes expect on the host. */
    public HostReport withExpected(List<ExpectedUnit> units) {
        return new HostReport(host, started, took, failure, this.units, transport, units);
    }

    public static HostReport failed(String host, Instant started, Duration took, Failure failure) {
        return new HostReport(host, started, took, Optional.of(failure), List.of());
    }

    public boolean up() {
        return failure.isEmpty();
    }

    /** What the homes expect of {@code unit}, when they expect it on this host. */
    public Optional<ExpectedUnit> expectation(UnitReport unit) {
        return expected.stream().filter(e -> e.unit().equals(unit.unit())).findFirst();
    }

    /**
     * What this report shows of an expected unit: as the host gave it, as last seen while the host
     * does not answer, {@link ExpectedUnit.Presence#UNKNOWN} when it was never seen.
     */
    public ExpectedUnit.Presence presence(ExpectedUnit expectedUnit) {
        return units.stream()
                .filter(u -> u.unit().equals(expectedUnit.unit()))
                .findFirst()
                .map(ExpectedUnit.Presence::of)
                .orElse(up() ? ExpectedUnit.Presence.NOT_INSTALLED : ExpectedUnit.Presence.UNKNOWN);
    }

    /**
     * Whether anything on this host went wrong: unreachable, a failed command, a circusd that did
     * not answer.
     */
    public boolean problem() {
        return failure.isPresent() || units.stream().anyMatch(u -> u.circus().problem());
    }
}
