package dev.barnum.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One look at the fleet: every host's report, in host order, when and how long it took, what
 * earlier polls left behind ({@link PollHistory#NONE} for a one-off command) and what circusds'
 * events told ({@link EventCounts#NONE} without them). Immutable; every surface renders it.
 */
public record FleetSnapshot(
        Instant at,
        Duration took,
        List<HostReport> hosts,
        PollHistory history,
        EventCounts events) {

    public FleetSnapshot {
        hosts = List.copyOf(hosts);
    }

    public FleetSnapshot(Instant at, Duration took, List<HostReport> hosts, PollHistory history) {
        this(at, took, hosts, history, EventCounts.NONE);
    }

    public FleetSnapshot(Instant at, Duration took, List<HostReport> hosts) {
        this(at, took, hosts, PollHistory.NONE);
    }

    /** The same look with other hosts' reports (an event changed a watcher's state). */
    public FleetSnapshot withHosts(List<HostReport> changed) {
        return new FleetSnapshot(at, took, changed, history, events);
    }

    /** The same look with what the events told until now. */
    public FleetSnapshot withEvents(EventCounts counts) {
        return new FleetSnapshot(at, took, hosts, history, counts);
    }

    public Optional<HostReport> host(String name) {
        return hosts.stream().filter(h -> h.host().equals(name)).findFirst();
    }

    public boolean problem() {
        return hosts.stream().anyMatch(HostReport::problem);
    }
}
