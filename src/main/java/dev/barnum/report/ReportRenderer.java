package dev.barnum.report;

import dev.barnum.bailey.CommandReport;
import dev.barnum.bailey.PairOutput;
import dev.barnum.circus.WatcherState;
import dev.barnum.remote.ExecResult;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.ExpectedUnit;
import dev.barnum.state.Failure;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.UnitStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's text report, as a pure function of a snapshot. Two shapes: the host report ({@code ---
 * HOST1 ---}, a dashed line and a unit line per unit, indented watcher lines, a {@code ===} line
 * per host) and, when a command names a host, one block per user ({@code --- user1@host1 ---} then
 * circus's own output). Under what circus said of a unit, a line of what the homes say when that is
 * news: {@code expected by /users/user2/circus/host1/circus.ini, disabled on host1}, or {@code
 * unexpected: no circus.ini in the homes for user4 on host2}.
 */
public final class ReportRenderer {

    static final String DASHES = "-".repeat(80);
    static final String EQUALS = "=".repeat(80);

    private ReportRenderer() {}

    /**
     * The host report; {@code upperCase} host headers as barnum prints them, lower case as bailey
     * does.
     */
    public static String hosts(FleetSnapshot snapshot, boolean upperCase) {
        StringBuilder out = new StringBuilder();
        for (HostReport host : snapshot.hosts()) {
            out.append("--- ")
                    .append(upperCase ? host.host().toUpperCase(Locale.ROOT) : host.host())
                    .append(" ---\n");
            host.failure()
                    .ifPresent(
                            f ->
                                    out.append(DASHES)
                                            .append('\n')
                                            .append("  unreachable (")
                                            .append(f.reason().label())
                                            .append("): ")
                                            .append(f.message())
                                            .append('\n'));
            int width = host.units().stream().mapToInt(u -> u.unit().length()).max().orElse(0);
            for (UnitReport unit : host.units()) {
                out.append(DASHES).append('\n').append(unitLine(unit.status(), width)).append('\n');
                out.append(indent(findings(host, unit)));
            }
            out.append(EQUALS).append("\n\n");
        }
        return out.toString();
    }

    /** One block per (user, host): the watchers circus reported for that user. */
    public static String pairs(FleetSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        for (HostReport host : snapshot.hosts()) {
            host.failure().ifPresent(f -> unreachable(out, host.host(), f));
            for (UnitReport unit : host.units()) {
                pairHeader(out, host.host(), unit.unit(), unit.user());
                out.append(findings(host, unit));
            }
        }
        return out.toString();
    }

    /**
     * One block per (user, host): what an operator's command printed there, as circusctl printed
     * it, or why it did not run.
     */
    public static String outputs(List<CommandReport> reports) {
        StringBuilder out = new StringBuilder();
        for (CommandReport host : reports) {
            host.failure().ifPresent(f -> unreachable(out, host.host(), f));
            for (PairOutput pair : host.pairs()) {
                pairHeader(out, host.host(), pair.unit(), pair.user());
                out.append(
                        pair.reply()
                                .<String>match(
                                        printed -> output(printed.result()),
                                        notRun -> finding(notRun.why())));
            }
        }
        return out.toString();
    }

    private static void unreachable(StringBuilder out, String host, Failure failure) {
        out.append("--- ").append(host).append(" ---\n");
        out.append("unreachable (")
                .append(failure.reason().label())
                .append("): ")
                .append(failure.message())
                .append('\n');
    }

    private static void pairHeader(StringBuilder out, String host, String unit, String user) {
        out.append("--- ").append(user.isEmpty() ? unit : user + "@" + host).append(" ---\n");
    }

    /**
     * {@code unit enabled active (running)}: the unit file's state is systemd's load state ({@code
     * not-found}) for a unit systemd does not know.
     */
    static String unitLine(UnitStatus status, int width) {
        return String.format(
                "%-" + (width + 2) + "s%-9s %s (%s)",
                status.id(),
                status.loaded() ? status.unitFileState() : status.loadState(),
                status.activeState().label(),
                status.subState());
    }

    /**
     * What is known of a unit, unindented, each line ending in a newline: what circus said, then
     * what the homes say when it is news. An expected unit that is absent says so with the
     * circus.ini that expects it (that line alone for a unit that is not installed: circus has
     * nothing to add); an unexpected one says so.
     */
    static String findings(HostReport host, UnitReport unit) {
        Optional<ExpectedUnit> expected = host.expectation(unit);
        if (expected.isEmpty()) {
            return finding(unit.circus()) + (unit.unexpected() ? unexpected(host, unit) : "");
        }
        ExpectedUnit.Presence presence = host.presence(expected.get());
        String absent =
                switch (presence) {
                    case PRESENT, UNKNOWN -> "";
                    case NOT_INSTALLED -> "not installed on " + host.host();
                    case NOT_LOADED ->
                            "not loaded on " + host.host() + " (" + unit.status().loadState() + ")";
                    case DISABLED -> "disabled on " + host.host();
                    case CIRCUSD_DOWN ->
                            "active on " + host.host() + ", but its circusd does not answer";
                };
        return (presence == ExpectedUnit.Presence.NOT_INSTALLED ? "" : finding(unit.circus()))
                + (absent.isEmpty()
                        ? ""
                        : "expected by " + expected.get().ini() + ", " + absent + "\n");
    }

    private static String unexpected(HostReport host, UnitReport unit) {
        return unit.user().isEmpty()
                ? "unexpected: its user is unknown, so no circus.ini in the homes names it\n"
                : "unexpected: no circus.ini in the homes for "
                        + unit.user()
                        + " on "
                        + host.host()
                        + "\n";
    }

    /** What circus said, unindented, each line ending in a newline. */
    static String finding(CircusFinding finding) {
        return finding.match(
                new CircusFinding.Cases<>() {
                    @Override
                    public String notExpected(CircusFinding.NotExpected f) {
                        return "No circus expected\n";
                    }

                    @Override
                    public String watchers(CircusFinding.Watchers f) {
                        StringBuilder out = new StringBuilder();
                        for (Map.Entry<String, WatcherState> watcher : f.watchers().entrySet()) {
                            out.append(watcher.getKey())
                                    .append(": ")
                                    .append(watcher.getValue().label())
                                    .append('\n');
                        }
                        return out.length() == 0
                                ? "(circusd " + f.endpoint() + " has no watchers)\n"
                                : out.toString();
                    }

                    @Override
                    public String notAnswering(CircusFinding.NotAnswering f) {
                        return "circusd does not answer at " + f.endpoint() + "\n";
                    }

                    @Override
                    public String hostUnreachable(CircusFinding.HostUnreachable f) {
                        return "state unknown: the host did not answer (watchers last seen: "
                                + String.join(", ", f.watchers())
                                + ")\n";
                    }

                    @Override
                    public String failed(CircusFinding.Failed f) {
                        return "error ("
                                + f.failure().reason().label()
                                + "): "
                                + f.failure().message()
                                + "\n";
                    }
                });
    }

    private static String output(ExecResult result) {
        StringBuilder out = new StringBuilder(result.stdout());
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        if (!result.ok()) {
            out.append("error (command): circusctl exited ").append(result.exit()).append('\n');
        }
        return out.toString();
    }

    private static String indent(String text) {
        return text.lines().map(line -> "  " + line + "\n").reduce("", String::concat);
    }
}
