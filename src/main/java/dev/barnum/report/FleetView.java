package dev.barnum.report;

import dev.barnum.state.CircusFinding;
import dev.barnum.state.ExpectedUnit;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet snapshot as JSON: what the last poll saw, host by host. The REST API's {@code
 * /api/v1/fleet} and {@code /api/v1/hosts/{host}} answer it, and so does {@code barnum-cli --output
 * json}; {@code schema/barnum.schema.json} describes it.
 */
public record FleetView(Instant polledAt, double pollSeconds, List<HostView> hosts) {

    /**
     * One host: up, or why not, how its circusds are asked ({@code circusTransport}: {@code direct}
     * over circus's protocol, or {@code circusctl}), its units (a host that did not answer keeps
     * the units last seen, in an unknown state) and the units the homes expect there, whether or
     * not it answered.
     */
    public record HostView(
            String host,
            boolean up,
            String failureReason,
            String failureMessage,
            Instant lastSuccess,
            double pollSeconds,
            String circusTransport,
            List<UnitView> units,
            List<ExpectedView> expected) {}

    /**
     * A unit the circus.ini {@code ini} of {@code user} expects on the host, and what the host
     * showed of it.
     *
     * @param presence {@code present}, {@code not_installed}, {@code not_loaded} (masked, ...),
     *     {@code disabled}, {@code circusd_down} (its unit active), or {@code unknown} (the host
     *     has not answered since Barnum started); as last seen while the host does not answer
     */
    public record ExpectedView(String user, String unit, String ini, String presence) {}

    /**
     * One circus unit ({@code loadState} {@code not-found} when systemd does not know it) and what
     * its circusd said; {@code expected} when a circus.ini of a user of circus_users.yaml expects
     * it on its host, {@code unexpected} when no circus.ini in the homes names its user and host;
     * {@code eventsLive} whether its circusd's events reach Barnum, {@code processEvents} what they
     * told of each watcher since Barnum started.
     */
    public record UnitView(
            String unit,
            String user,
            boolean listedUser,
            boolean expected,
            boolean unexpected,
            String loadState,
            boolean enabled,
            String unitFileState,
            String activeState,
            String subState,
            CircusView circus,
            boolean eventsLive,
            Map<String, ProcessEvents> processEvents) {}

    /** A watcher's processes: spawned, and exited by outcome (requested, clean, error, signal). */
    public record ProcessEvents(long spawns, Map<String, Long> exits) {}

    /**
     * @param status {@code answered}, {@code not_expected} (unit not running), {@code
     *     not_answering}, {@code host_unreachable} or {@code failed}
     */
    public record CircusView(
            String status,
            String endpoint,
            Map<String, String> watchers,
            Map<String, Integer> processes,
            String reason,
            String message) {}

    public static FleetView of(FleetSnapshot snapshot) {
        return new FleetView(
                snapshot.at(),
                seconds(snapshot.took()),
                snapshot.hosts().stream().map(h -> host(snapshot, h)).toList());
    }

    public static HostView host(FleetSnapshot snapshot, HostReport host) {
        return new HostView(
                host.host(),
                host.up(),
                host.failure().map(f -> f.reason().label()).orElse(null),
                host.failure().map(f -> f.message()).orElse(null),
                snapshot.history().lastSuccess().get(host.host()),
                seconds(host.took()),
                host.transport().name().toLowerCase(java.util.Locale.ROOT),
                host.units().stream().map(u -> unit(snapshot, host, u)).toList(),
                host.expected().stream().map(e -> expected(host, e)).toList());
    }

    private static ExpectedView expected(HostReport host, ExpectedUnit unit) {
        return new ExpectedView(
                unit.user(), unit.unit(), unit.ini().toString(), host.presence(unit).label());
    }

    private static UnitView unit(FleetSnapshot snapshot, HostReport host, UnitReport unit) {
        Map<String, ProcessEvents> processEvents = new java.util.TreeMap<>();
        for (String watcher : unit.circus().watcherNames()) {
            var counts = snapshot.events().of(host.host(), unit.user(), watcher);
            Map<String, Long> exits = new java.util.LinkedHashMap<>();
            counts.exits().forEach((outcome, count) -> exits.put(outcome.label(), count));
            processEvents.put(watcher, new ProcessEvents(counts.spawns(), exits));
        }
        return new UnitView(
                unit.unit(),
                unit.user(),
                unit.listed(),
                host.expectation(unit).isPresent(),
                unit.unexpected(),
                unit.status().loadState(),
                unit.status().enabled(),
                unit.status().unitFileState(),
                unit.status().activeState().label(),
                unit.status().subState(),
                circus(unit.circus()),
                snapshot.events().live(host.host(), unit.user()),
                processEvents);
    }

    private static CircusView circus(CircusFinding finding) {
        return finding.match(
                new CircusFinding.Cases<>() {
                    @Override
                    public CircusView notExpected(CircusFinding.NotExpected f) {
                        return new CircusView(
                                "not_expected",
                                null,
                                Map.of(),
                                Map.of(),
                                null,
                                "the unit is not running");
                    }

                    @Override
                    public CircusView watchers(CircusFinding.Watchers f) {
                        Map<String, String> watchers = new java.util.TreeMap<>();
                        f.watchers().forEach((name, state) -> watchers.put(name, state.label()));
                        return new CircusView(
                                "answered", f.endpoint(), watchers, f.processes(), null, null);
                    }

                    @Override
                    public CircusView notAnswering(CircusFinding.NotAnswering f) {
                        return new CircusView(
                                "not_answering",
                                f.endpoint(),
                                Map.of(),
                                Map.of(),
                                null,
                                "circusd did not answer");
                    }

                    @Override
                    public CircusView hostUnreachable(CircusFinding.HostUnreachable f) {
                        Map<String, String> watchers = new java.util.TreeMap<>();
                        f.watcherNames().forEach(name -> watchers.put(name, "unknown"));
                        return new CircusView(
                                "host_unreachable",
                                null,
                                watchers,
                                Map.of(),
                                null,
                                "the host did not answer");
                    }

                    @Override
                    public CircusView failed(CircusFinding.Failed f) {
                        return new CircusView(
                                "failed",
                                null,
                                Map.of(),
                                Map.of(),
                                f.failure().reason().label(),
                                f.failure().message());
                    }
                });
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
