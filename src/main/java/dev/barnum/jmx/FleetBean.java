package dev.barnum.jmx;

import dev.barnum.commands.CommandRequest;
import dev.barnum.config.BadInputException;
import dev.barnum.fleet.Target;
import dev.barnum.report.ReportRenderer;
import dev.barnum.report.RollingReport;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link FleetMXBean} over the last snapshot; holds nothing of its own. */
final class FleetBean implements FleetMXBean {

    private final Backend backend;

    FleetBean(Backend backend) {
        this.backend = backend;
    }

    @Override
    public int getHostCount() {
        return backend.latest().get().map(s -> s.hosts().size()).orElse(0);
    }

    @Override
    public int getHostsUp() {
        return backend.latest()
                .get()
                .map(s -> (int) s.hosts().stream().filter(HostReport::up).count())
                .orElse(0);
    }

    @Override
    public int getUnitCount() {
        return backend.latest()
                .get()
                .map(
                        s ->
                                s.hosts().stream()
                                        .mapToLong(
                                                h ->
                                                        h.units().stream()
                                                                .filter(u -> u.status().loaded())
                                                                .count())
                                        .sum())
                .map(Math::toIntExact)
                .orElse(0);
    }

    @Override
    public int getWatcherCount() {
        return backend.latest().get().map(FleetBean::watchers).orElse(0);
    }

    @Override
    public String getLastPoll() {
        return backend.latest().get().map(s -> s.at().toString()).orElse("");
    }

    @Override
    public long getLastPollDurationMillis() {
        return backend.latest().get().map(s -> s.took().toMillis()).orElse(-1L);
    }

    @Override
    public String refresh() {
        Optional<FleetSnapshot> before = backend.latest().get();
        if (!backend.pollOnce().getAsBoolean()) {
            return "skipped: a poll of the fleet is already running";
        }
        Optional<FleetSnapshot> after = backend.latest().get();
        if (after.isEmpty() || before.isPresent() && after.get() == before.get()) {
            return "polled, but no new snapshot was published (the fleet's configuration is unreadable: see the log)";
        }
        FleetSnapshot s = after.get();
        return "polled "
                + s.hosts().size()
                + " hosts ("
                + getHostsUp()
                + " up, "
                + getUnitCount()
                + " units, "
                + watchers(s)
                + " watchers) in "
                + s.took().toMillis()
                + " ms at "
                + s.at();
    }

    @Override
    public String status(String target) {
        Target parsed;
        try {
            parsed = Target.parse(target == null ? "" : target.strip());
        } catch (BadInputException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        FleetSnapshot snapshot = backend.snapshot();
        if (parsed.host().isEmpty()) {
            return ReportRenderer.hosts(snapshot, true);
        }
        String name = parsed.host().get();
        HostReport host =
                snapshot.host(name)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "unknown host '"
                                                        + name
                                                        + "': not in the fleet's last poll"));
        List<UnitReport> units =
                host.units().stream()
                        .filter(u -> parsed.user().map(u.user()::equals).orElse(true))
                        .toList();
        if (parsed.user().isPresent() && units.isEmpty() && host.up()) {
            throw new IllegalArgumentException(
                    "unknown target '"
                            + parsed
                            + "': no circus unit of "
                            + parsed.user().get()
                            + " on "
                            + name
                            + " at the last poll");
        }
        HostReport only = host.withUnits(units);
        return ReportRenderer.pairs(
                new FleetSnapshot(
                        snapshot.at(), snapshot.took(), List.of(only), snapshot.history()));
    }

    @Override
    public String[] execute(String target, String circusArgs) {
        return backend.covered(
                List.of(
                        Backend.lines(
                                backend.run(
                                        target == null ? "" : target.strip(), words(circusArgs)))));
    }

    @Override
    public String[] executeRolling(
            String target,
            String circusArgs,
            String batch,
            String maxFailures,
            String settle,
            String pause) {
        CommandRequest request =
                new CommandRequest(
                        target == null ? "" : target.strip(),
                        words(circusArgs),
                        false,
                        given(batch),
                        given(maxFailures),
                        given(settle),
                        given(pause));
        if (request.batch() == null) {
            throw new IllegalArgumentException(
                    "batch is required: a count (10) or a percentage (25%) of the pairs");
        }
        return backend.covered(RollingReport.lines(backend.roll(request)));
    }

    /** JConsole sends an empty field for "not given". */
    private static String given(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static List<String> words(String circusArgs) {
        String text = circusArgs == null ? "" : circusArgs.strip();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
    }

    private static int watchers(FleetSnapshot snapshot) {
        return snapshot.hosts().stream()
                .flatMap(h -> h.units().stream())
                .mapToInt(u -> Watched.names(u.circus()).size())
                .sum();
    }
}
