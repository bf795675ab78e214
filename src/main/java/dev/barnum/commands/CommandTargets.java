package dev.barnum.commands;

import dev.barnum.config.BadInputException;
import dev.barnum.fleet.Target;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Pure: the (host, user) pairs a command reaches, checked against the last snapshot. */
final class CommandTargets {

    /**
     * One circus instance a command is aimed at.
     *
     * @param endpoint where its circusd listens; empty when it cannot be commanded, {@code skip}
     *     says why
     * @param watchers the watchers seen at the last poll, lower-cased; empty when not known
     */
    record Pair(
            String host,
            String user,
            Optional<String> endpoint,
            Set<String> watchers,
            String skip) {

        /** Whether a watcher name (or circus glob) matches a watcher seen here at the last poll. */
        boolean has(String watcher) {
            return watchers.stream().anyMatch(w -> CommandPolicy.matches(watcher, w));
        }
    }

    private CommandTargets() {}

    /**
     * @throws BadInputException naming the target or watcher when the snapshot knows neither
     */
    static List<Pair> resolve(FleetSnapshot snapshot, Target target, Optional<String> watcher) {
        List<Pair> pairs = new ArrayList<>();
        List<HostReport> hosts =
                target.host()
                        .map(
                                h ->
                                        List.of(
                                                snapshot.host(h)
                                                        .orElseThrow(
                                                                () ->
                                                                        new BadInputException(
                                                                                "unknown host '"
                                                                                        + h
                                                                                        + "': not in the fleet's last poll"))))
                        .orElse(snapshot.hosts());
        for (HostReport host : hosts) {
            for (UnitReport unit : host.units()) {
                if (!unit.user().isEmpty() && target.user().map(unit.user()::equals).orElse(true)) {
                    pairs.add(pair(host.host(), unit));
                }
            }
        }
        if (target.user().isPresent() && pairs.isEmpty()) {
            throw new BadInputException(
                    "unknown target '"
                            + target
                            + "': no circus unit of "
                            + target.user().get()
                            + " on "
                            + target.host().get()
                            + " at the last poll");
        }
        watcher.ifPresent(
                name -> {
                    if (pairs.stream().noneMatch(p -> p.has(name))) {
                        throw new BadInputException(
                                "unknown watcher '"
                                        + name
                                        + "' on "
                                        + target
                                        + " at the last poll");
                    }
                });
        return pairs;
    }

    private static Pair pair(String host, UnitReport unit) {
        String user = unit.user();
        return unit.circus()
                .match(
                        new CircusFinding.Cases<>() {
                            @Override
                            public Pair notExpected(CircusFinding.NotExpected f) {
                                return skipped(unit.unit() + " is not running");
                            }

                            @Override
                            public Pair watchers(CircusFinding.Watchers f) {
                                Set<String> watchers = new TreeSet<>();
                                f.watchers()
                                        .keySet()
                                        .forEach(w -> watchers.add(w.toLowerCase(Locale.ROOT)));
                                return new Pair(
                                        host, user, Optional.of(f.endpoint()), watchers, null);
                            }

                            @Override
                            public Pair notAnswering(CircusFinding.NotAnswering f) {
                                return new Pair(
                                        host, user, Optional.of(f.endpoint()), Set.of(), null);
                            }

                            @Override
                            public Pair hostUnreachable(CircusFinding.HostUnreachable f) {
                                return skipped(host + " did not answer at the last poll");
                            }

                            @Override
                            public Pair failed(CircusFinding.Failed f) {
                                return skipped(f.failure().message());
                            }

                            private Pair skipped(String why) {
                                return new Pair(host, user, Optional.empty(), Set.of(), why);
                            }
                        });
    }
}
