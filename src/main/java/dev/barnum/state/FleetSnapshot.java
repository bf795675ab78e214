package dev.barnum.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One look at the fleet: every host's report, in host order, when and how long it took, and what
 * earlier polls left behind ({@link PollHistory#NONE} for a one-off command). Immutable; every
 * surface renders it.
 */
public record FleetSnapshot(
        Instant at, Duration took, List<HostReport> hosts, PollHistory history) {

    public FleetSnapshot {
        hosts = List.copyOf(hosts);
    }

    public FleetSnapshot(Instant at, Duration took, List<HostReport> hosts) {
        this(at, took, hosts, PollHistory.NONE);
    }

    public Optional<HostReport> host(String name) {
        return hosts.stream().filter(h -> h.host().equals(name)).findFirst();
    }

    public boolean problem() {
        return hosts.stream().anyMatch(HostReport::problem);
    }
}
