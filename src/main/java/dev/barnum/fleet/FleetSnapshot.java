package dev.barnum.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.barnum.bailey.HostReport;

/** One look at the fleet: every probed host's report, in host order, and when and how long it took. */
public record FleetSnapshot(Instant at, Duration took, List<HostReport> hosts) {

    public FleetSnapshot {
        hosts = List.copyOf(hosts);
    }

    public boolean problem() {
        return hosts.stream().anyMatch(HostReport::problem);
    }
}
