package dev.barnum.service;

import dev.barnum.circus.WatcherState;
import dev.barnum.config.Shown;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.Failure;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: what changed between two snapshots, as the lines an operator follows in the log. A host
 * that becomes unreachable (with its reason) or reachable again, a circusd that stops or starts
 * answering, a watcher whose state changes; nothing while the fleet stays as it was.
 */
final class Transitions {

    /** One line of the log: a warning for what went wrong, information for what came back. */
    record Line(boolean warning, String text) {}

    private Transitions() {}

    /**
     * @param before the snapshot published before, empty for the first one (which says what is
     *     wrong at the start, and one summary line)
     */
    static List<Line> between(Optional<FleetSnapshot> before, FleetSnapshot after) {
        List<Line> lines = new ArrayList<>();
        if (before.isEmpty()) {
            long up = after.hosts().stream().filter(HostReport::up).count();
            int units = after.hosts().stream().mapToInt(h -> h.units().size()).sum();
            lines.add(
                    new Line(
                            false,
                            "first poll: "
                                    + after.hosts().size()
                                    + " hosts, "
                                    + up
                                    + " reachable, "
                                    + units
                                    + (units == 1 ? " circus unit" : " circus units")));
        }
        for (HostReport now : after.hosts()) {
            Optional<HostReport> was = before.flatMap(b -> b.host(now.host()));
            host(was, now, lines);
            if (now.up()) {
                for (UnitReport unit : now.units()) {
                    Optional<UnitReport> previously =
                            was.filter(HostReport::up).flatMap(h -> unit(h, unit.unit()));
                    circus(now.host(), previously, unit, before.isEmpty(), lines);
                }
            }
        }
        return lines;
    }

    private static void host(Optional<HostReport> was, HostReport now, List<Line> lines) {
        boolean wasUp = was.map(HostReport::up).orElse(true);
        if (now.failure().isPresent()) {
            Failure failure = now.failure().get();
            boolean sameFailure =
                    was.flatMap(HostReport::failure)
                            .map(f -> f.reason() == failure.reason())
                            .orElse(false);
            if (wasUp || !sameFailure) {
                lines.add(
                        new Line(
                                true,
                                now.host()
                                        + (wasUp ? " unreachable (" : " still unreachable, now (")
                                        + failure.reason().label()
                                        + "): "
                                        + Shown.of(failure.message(), 300)));
            }
        } else if (!wasUp) {
            lines.add(new Line(false, now.host() + " reachable again"));
        }
    }

    private static Optional<UnitReport> unit(HostReport host, String unit) {
        return host.units().stream().filter(u -> u.unit().equals(unit)).findFirst();
    }

    private static void circus(
            String host,
            Optional<UnitReport> was,
            UnitReport now,
            boolean first,
            List<Line> lines) {
        String pair = now.user() + "@" + host;
        Optional<String> silentNow = silent(now.circus());
        Optional<String> silentBefore = was.flatMap(u -> silent(u.circus()));
        if (silentNow.isPresent() && (first || was.isPresent() && silentBefore.isEmpty())) {
            lines.add(
                    new Line(
                            true,
                            "circusd of "
                                    + pair
                                    + " does not answer at "
                                    + Shown.of(silentNow.get(), 200)));
        } else if (silentNow.isEmpty() && silentBefore.isPresent() && answering(now.circus())) {
            lines.add(new Line(false, "circusd of " + pair + " answers again"));
        }
        if (first || was.isEmpty()) {
            return;
        }
        SortedMap<String, WatcherState> before = watchers(was.get().circus());
        SortedMap<String, WatcherState> after = watchers(now.circus());
        if (before.isEmpty() || after.isEmpty()) {
            return;
        }
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String w : names) {
            WatcherState from = before.get(w);
            WatcherState to = after.get(w);
            String watcher = "watcher " + Shown.of(w, 100) + " of " + pair;
            if (from == null) {
                lines.add(new Line(false, watcher + " appeared: " + to.label()));
            } else if (to == null) {
                lines.add(new Line(false, watcher + " is gone (was " + from.label() + ")"));
            } else if (from != to) {
                lines.add(
                        new Line(
                                to != WatcherState.ACTIVE,
                                watcher + ": " + from.label() + " -> " + to.label()));
            }
        }
    }

    /** Where a circusd whose unit runs did not answer; empty when it answered or is not asked. */
    private static Optional<String> silent(CircusFinding finding) {
        return finding instanceof CircusFinding.NotAnswering n
                ? Optional.of(n.endpoint())
                : Optional.empty();
    }

    private static boolean answering(CircusFinding finding) {
        return finding instanceof CircusFinding.Watchers;
    }

    private static SortedMap<String, WatcherState> watchers(CircusFinding finding) {
        return finding instanceof CircusFinding.Watchers w ? w.watchers() : new TreeMap<>(Map.of());
    }
}
