package dev.barnum.bailey;

import dev.barnum.base.Deadline;
import dev.barnum.circus.CircusIni;
import dev.barnum.circus.CircusIniException;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.circus.Endpoint;
import dev.barnum.config.Names;
import dev.barnum.config.Shown;
import dev.barnum.discovery.Homes;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.remote.ShellException;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.Failure;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.SystemctlCommands;
import dev.barnum.systemd.SystemctlParser;
import dev.barnum.systemd.UnitPattern;
import dev.barnum.systemd.UnitStatus;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bailey flow on one host: list the circus units and read their states, find each user's
 * endpoint in its circus.ini, ask each running circusd. Two round trips whatever the number of
 * users: one for systemd, one batch ({@link Shell#runAll}) for every circus command. Never throws:
 * whatever fails is in the report.
 */
public final class HostProbe {

    /** What to ask each running circusd. */
    public enum Ask {
        /** {@code status}: the watchers and their states (the CLI's report). */
        STATUS,
        /**
         * {@code status} and {@code stats}: also each watcher's number of processes (the service's
         * poll).
         */
        STATUS_AND_PROCESSES
    }

    /**
     * How a unit's endpoint is read from its user's home: {@link CircusIni#endpoint}, except in
     * tests.
     */
    @FunctionalInterface
    interface EndpointReader {
        Endpoint read(Path ini, Path home) throws CircusIniException;
    }

    private final Homes homes;
    private final EndpointReader endpoints;
    private final UnitPattern units;
    private final CircusctlCommands circusctl;
    private final Set<String> listedUsers;
    private final Duration commandTimeout;
    private final String unitDir;
    private final Clock clock;

    public HostProbe(
            Homes homes,
            UnitPattern units,
            CircusctlCommands circusctl,
            Set<String> listedUsers,
            Duration commandTimeout,
            String unitDir,
            Clock clock) {
        this(
                homes,
                CircusIni::endpoint,
                units,
                circusctl,
                listedUsers,
                commandTimeout,
                unitDir,
                clock);
    }

    HostProbe(
            Homes homes,
            EndpointReader endpoints,
            UnitPattern units,
            CircusctlCommands circusctl,
            Set<String> listedUsers,
            Duration commandTimeout,
            String unitDir,
            Clock clock) {
        this.homes = homes;
        this.endpoints = endpoints;
        this.units = units;
        this.circusctl = circusctl;
        this.listedUsers = Set.copyOf(listedUsers);
        this.commandTimeout = commandTimeout;
        this.unitDir = unitDir;
        this.clock = clock;
    }

    /**
     * @param deadline no command runs past it (monotonic)
     * @return what the host showed, or why it could not be probed; never throws
     */
    public HostReport probe(String host, Shell shell, ProbeRequest request, Deadline deadline) {
        Instant started = clock.instant();
        Run run = new Run(host, shell, deadline, request.trace());
        try {
            List<UnitPlan> plans = run.units(request.onlyUser()).stream().map(run::plan).toList();
            List<UnitPlan> asking = plans.stream().filter(plan -> plan.known().isEmpty()).toList();
            List<CircusFinding> answers =
                    run.circus(asking.stream().map(plan -> query(host, plan, request)).toList());
            Map<UnitPlan, CircusFinding> answered = new IdentityHashMap<>();
            for (int i = 0; i < asking.size(); i++) {
                answered.put(asking.get(i), answers.get(i));
            }
            List<UnitReport> reports =
                    plans.stream()
                            .map(
                                    plan ->
                                            plan.report(
                                                    plan.known()
                                                            .orElseGet(() -> answered.get(plan))))
                            .toList();
            return new HostReport(
                    host,
                    started,
                    Duration.between(started, clock.instant()),
                    Optional.empty(),
                    reports);
        } catch (ShellException e) {
            return HostReport.failed(
                    host, started, Duration.between(started, clock.instant()), Failure.of(e));
        }
    }

    /**
     * What to do about one unit: its finding is {@code known} already (not running, not installed,
     * no user to be found), or, when empty, its circusd must be asked.
     */
    private record UnitPlan(
            UnitStatus status, String user, boolean listed, Optional<CircusFinding> known) {

        UnitReport report(CircusFinding finding) {
            return new UnitReport(status, user, listed, finding);
        }
    }

    /**
     * The circus commands for one running unit, or why there are none. The unit's home belongs to
     * its user and is read as hostile: whatever goes wrong there, even an {@link Error} such as
     * running out of memory or stack, fails this (user, host) pair alone, never the host or the
     * fleet.
     */
    private CircusQuery query(String host, UnitPlan unit, ProbeRequest request) {
        try {
            return endpointQuery(host, unit, request.circusArgs(), request.ask());
        } catch (RuntimeException | Error e) {
            return CircusQuery.failed(
                    Reason.PARSE,
                    (unit.user() + "@" + host + ": cannot read its circus.ini: " + e)
                            .transform(Shown::oneLine));
        }
    }

    private CircusQuery endpointQuery(
            String host, UnitPlan unit, List<String> circusArgs, Ask ask) {
        Path ini = homes.ini(unit.user(), host);
        if (!Files.exists(ini, LinkOption.NOFOLLOW_LINKS)) {
            return CircusQuery.failed(
                    Reason.PARSE,
                    "no circus.ini for "
                            + unit.user()
                            + "@"
                            + host
                            + ": "
                            + ini
                            + " does not exist");
        }
        Endpoint endpoint;
        try {
            endpoint = endpoints.read(ini, homes.home(unit.user()));
        } catch (CircusIniException e) {
            return CircusQuery.failed(Reason.PARSE, e.getMessage());
        }
        if (!endpoint.resolved()) {
            return CircusQuery.failed(
                    Reason.PARSE,
                    ini + ": endpoint " + endpoint.value() + " uses a variable Barnum cannot see");
        }
        String ep = endpoint.value();
        if (!circusArgs.isEmpty()) {
            return new CircusQuery(ep, List.of(circusctl.text(ep, circusArgs)), true, null);
        }
        return new CircusQuery(
                ep,
                ask == Ask.STATUS
                        ? List.of(circusctl.json(ep, List.of("status")))
                        : List.of(
                                circusctl.json(ep, List.of("status")),
                                circusctl.json(ep, List.of("stats"))),
                false,
                null);
    }

    /** One probe's state: the host, its shell, its deadline. */
    private final class Run {
        private final String host;
        private final Shell shell;
        private final Deadline deadline;
        private final Trace trace;

        Run(String host, Shell shell, Deadline deadline, Trace trace) {
            this.host = host;
            this.shell = shell;
            this.deadline = deadline;
            this.trace = trace;
        }

        List<UnitStatus> units(Optional<String> onlyUser) throws ShellException {
            List<String> argv;
            if (onlyUser.isPresent()) {
                argv = SystemctlCommands.show(List.of(units.unit(onlyUser.get(), host)));
                trace.bailey("units cmd: " + shell.describe(argv));
            } else {
                argv = SystemctlCommands.listAndShow(units.glob(host));
                trace.bailey(
                        "units cmd: "
                                + shell.describe(
                                        SystemctlCommands.listUnitFiles(units.glob(host))));
                trace.bailey(
                        "units cmd: "
                                + shell.describe(SystemctlCommands.show(List.of()))
                                + " UNIT... (each unit listed)");
            }
            ExecResult result = shell.run(argv, timeLeft(argv));
            if (!result.ok()) {
                throw new ShellException(
                        Reason.COMMAND, host + ": systemctl failed: " + result.firstErrorLine());
            }
            try {
                return SystemctlParser.show(result.stdout());
            } catch (IllegalArgumentException e) {
                throw new ShellException(
                        Reason.PARSE, host + ": systemctl show: " + e.getMessage(), e);
            }
        }

        /** What to do about the unit: a finding known from systemd alone, or ask its circusd. */
        UnitPlan plan(UnitStatus status) {
            Optional<String> user =
                    status.user().isEmpty()
                            ? units.user(status.id(), host)
                            : Optional.of(status.user());
            if (user.isEmpty()) {
                return withoutUser(
                        status, " has no User= and its name does not fit the unit pattern");
            }
            if (!Names.isUser(user.get())) {
                // the host says whose home to read: "../../root" or a NUL must not become a path
                return withoutUser(
                        status, " has User=" + user.get() + ", which is not a valid user name");
            }
            String file =
                    status.fragmentPath().isEmpty()
                            ? unitDir + "/" + status.id()
                            : status.fragmentPath();
            trace.bailey("Derived circus user " + user.get() + " from " + file);
            boolean listed = listedUsers.contains(user.get());
            if (!status.loaded()) {
                return known(
                        status,
                        user.get(),
                        listed,
                        failed(Reason.COMMAND, status.id() + " is not installed on " + host));
            }
            if (!status.activeState().circusExpected()) {
                return known(status, user.get(), listed, new CircusFinding.NotExpected());
            }
            return new UnitPlan(status, user.get(), listed, Optional.empty());
        }

        /** A unit whose user cannot be told: a parse failure of its own, no home read. */
        private UnitPlan withoutUser(UnitStatus status, String why) {
            return known(status, "", false, failed(Reason.PARSE, status.id() + why));
        }

        private UnitPlan known(
                UnitStatus status, String user, boolean listed, CircusFinding finding) {
            return new UnitPlan(status, user, listed, Optional.of(finding));
        }

        /** Runs every query's commands in one batch; one finding per query, in order. */
        List<CircusFinding> circus(List<CircusQuery> queries) {
            List<List<String>> commands =
                    queries.stream().flatMap(q -> q.commands().stream()).toList();
            if (commands.isEmpty()) {
                return queries.stream().map(CircusQuery::finding).toList();
            }
            commands.forEach(argv -> trace.bailey("circus cmd: " + shell.describe(argv)));
            List<ExecResult> results;
            try {
                results = shell.runAll(commands, timeLeft(commands.get(0)));
            } catch (ShellException e) {
                return queries.stream()
                        .map(
                                q ->
                                        q.commands().isEmpty()
                                                ? q.finding()
                                                : new CircusFinding.Failed(Failure.of(e)))
                        .toList();
            }
            List<CircusFinding> findings = new ArrayList<>();
            int next = 0;
            for (CircusQuery query : queries) {
                List<ExecResult> mine = results.subList(next, next + query.commands().size());
                next += query.commands().size();
                findings.add(
                        query.commands().isEmpty()
                                ? query.finding()
                                : query.operator()
                                        ? CircusAnswers.output(query.endpoint(), mine.get(0))
                                        : CircusAnswers.status(query.endpoint(), mine));
            }
            return findings;
        }

        private Duration timeLeft(List<String> argv) throws ShellException {
            Duration left = deadline.left();
            if (left.isNegative() || left.isZero()) {
                throw new ShellException(
                        Reason.TIMEOUT,
                        host + ": deadline passed before " + argv.get(0) + " could run");
            }
            return left.compareTo(commandTimeout) < 0 ? left : commandTimeout;
        }
    }

    /**
     * What to run against one circusd: an operator's command, or Barnum's own status questions;
     * {@code commands} is empty when circusd cannot be asked, with the reason in {@code finding}.
     */
    private record CircusQuery(
            String endpoint, List<List<String>> commands, boolean operator, CircusFinding finding) {
        static CircusQuery failed(Reason reason, String message) {
            return new CircusQuery(null, List.of(), false, HostProbe.failed(reason, message));
        }
    }

    static CircusFinding failed(Reason reason, String message) {
        return new CircusFinding.Failed(new Failure(reason, message));
    }
}
