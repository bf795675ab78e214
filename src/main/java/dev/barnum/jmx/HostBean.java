package dev.barnum.jmx;

import dev.barnum.state.Failure;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link HostMXBean} over the last snapshot; holds only its host's name. */
final class HostBean implements HostMXBean {

    private final Backend backend;
    private final String host;

    HostBean(Backend backend, String host) {
        this.backend = backend;
        this.host = host;
    }

    private HostReport report() {
        return backend.snapshot()
                .host(host)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "host " + host + " is not in the fleet's last poll"));
    }

    @Override
    public boolean isUp() {
        return report().up();
    }

    @Override
    public String getFailureReason() {
        return report().failure().map(f -> f.reason().label()).orElse("");
    }

    @Override
    public String getFailureMessage() {
        return report().failure().map(Failure::message).orElse("");
    }

    @Override
    public long getLastPollDurationMillis() {
        return report().took().toMillis();
    }

    @Override
    public String getCircusTransport() {
        return backend.snapshot()
                .host(host)
                .map(h -> h.transport().name().toLowerCase(java.util.Locale.ROOT))
                .orElse("");
    }

    @Override
    public String getLastSuccess() {
        FleetSnapshot snapshot = backend.snapshot();
        Instant at = snapshot.history().lastSuccess().get(host);
        return at == null ? "" : at.toString();
    }

    @Override
    public String[] getUnits() {
        return report().units().stream()
                .map(
                        u ->
                                u.unit()
                                        + " "
                                        + user(u)
                                        + " "
                                        + u.status().activeState().label()
                                        + "/"
                                        + u.status().subState())
                .toArray(String[]::new);
    }

    @Override
    public String[] getWatchers() {
        List<String> lines = new ArrayList<>();
        for (UnitReport unit : report().units()) {
            for (String watcher : Watched.names(unit.circus())) {
                lines.add(
                        user(unit)
                                + " "
                                + watcher
                                + " "
                                + Watched.state(unit.circus(), watcher).label());
            }
        }
        return lines.toArray(String[]::new);
    }

    @Override
    public String[] getExpected() {
        HostReport report = report();
        return report.expected().stream()
                .map(e -> e.user() + " " + e.unit() + " " + report.presence(e).label())
                .toArray(String[]::new);
    }

    @Override
    public String[] getUnexpected() {
        return report().units().stream()
                .filter(UnitReport::unexpected)
                .map(u -> u.unit() + " " + user(u))
                .toArray(String[]::new);
    }

    private static String user(UnitReport unit) {
        return unit.user().isEmpty() ? "-" : unit.user();
    }
}
