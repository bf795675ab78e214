package dev.barnum.bailey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.barnum.circus.CircusIni;
import dev.barnum.circus.CircusIniException;
import dev.barnum.circus.CircusReply;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.circus.Endpoint;
import dev.barnum.discovery.Homes;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.remote.ShellException;
import dev.barnum.systemd.SystemctlCommands;
import dev.barnum.systemd.SystemctlParser;
import dev.barnum.systemd.UnitPattern;
import dev.barnum.systemd.UnitStatus;

/**
 * The bailey flow on one host: list the circus units, read their states, find each user's endpoint
 * in its circus.ini, ask each running circusd. Never throws: whatever fails is in the report.
 */
public final class HostProbe {

    private final Homes homes;
    private final UnitPattern units;
    private final CircusctlCommands circusctl;
    private final Set<String> listedUsers;
    private final Duration commandTimeout;
    private final String unitDir;
    private final Clock clock;

    public HostProbe(Homes homes, UnitPattern units, CircusctlCommands circusctl, Set<String> listedUsers,
            Duration commandTimeout, String unitDir, Clock clock) {
        this.homes = homes;
        this.units = units;
        this.circusctl = circusctl;
        this.listedUsers = Set.copyOf(listedUsers);
        this.commandTimeout = commandTimeout;
        this.unitDir = unitDir;
        this.clock = clock;
    }

    /**
     * @param onlyUser when present, only that user's unit; else every circus unit of the host
     * @param circusArgs a circus command to run for each running unit; empty means {@code status}
     * @param deadline no command runs past it
     */
    public HostReport probe(String host, Shell shell, Optional<String> onlyUser, List<String> circusArgs, Instant deadline,
            Trace trace) {
        Instant started = clock.instant();
        Run run = new Run(host, shell, deadline, trace);
        try {
            List<String> names = onlyUser.isPresent() ? List.of(units.unit(onlyUser.get(), host)) : run.listUnits();
            List<UnitReport> reports = new ArrayList<>();
            for (UnitStatus status : run.show(names)) {
                reports.add(run.unit(status, circusArgs));
            }
            return new HostReport(host, started, Duration.between(started, clock.instant()), Optional.empty(), reports);
        } catch (ShellException e) {
            return HostReport.failed(host, started, Duration.between(started, clock.instant()), Failure.of(e));
        }
    }

    /** One probe's state: the host, its shell, its deadline. */
    private final class Run {
        private final String host;
        private final Shell shell;
        private final Instant deadline;
        private final Trace trace;

        Run(String host, Shell shell, Instant deadline, Trace trace) {
            this.host = host;
            this.shell = shell;
            this.deadline = deadline;
            this.trace = trace;
        }

        List<String> listUnits() throws ShellException {
            ExecResult result = exec("units", SystemctlCommands.listUnitFiles(units.glob(host)));
            // list-unit-files exits 1 when nothing matches, printing nothing
            if (!result.ok() && !(result.exit() == 1 && result.stdout().isBlank())) {
                throw new ShellException(Reason.COMMAND, host + ": systemctl list-unit-files failed: " + result.firstErrorLine());
            }
            return SystemctlParser.unitFiles(result.stdout());
        }

        List<UnitStatus> show(List<String> names) throws ShellException {
            if (names.isEmpty()) {
                return List.of();
            }
            ExecResult result = exec("units", SystemctlCommands.show(names));
            if (!result.ok()) {
                throw new ShellException(Reason.COMMAND, host + ": systemctl show failed: " + result.firstErrorLine());
            }
            try {
                return SystemctlParser.show(result.stdout());
            } catch (IllegalArgumentException e) {
                throw new ShellException(Reason.PARSE, host + ": systemctl show: " + e.getMessage(), e);
            }
        }

        UnitReport unit(UnitStatus status, List<String> circusArgs) {
            Optional<String> user = status.user().isEmpty() ? units.user(status.id(), host) : Optional.of(status.user());
            if (user.isEmpty()) {
                return new UnitReport(status, "", false,
                        failed(Reason.PARSE, status.id() + " has no User= and its name does not fit the unit pattern"));
            }
            String file = status.fragmentPath().isEmpty() ? unitDir + "/" + status.id() : status.fragmentPath();
            trace.bailey("Derived circus user " + user.get() + " from " + file);
            boolean listed = listedUsers.contains(user.get());
            if (!status.loaded()) {
                return new UnitReport(status, user.get(), listed, failed(Reason.COMMAND, status.id() + " is not installed on " + host));
            }
            if (!status.activeState().circusExpected()) {
                return new UnitReport(status, user.get(), listed, new CircusFinding.NotExpected());
            }
            return new UnitReport(status, user.get(), listed, circus(user.get(), circusArgs));
        }

        private CircusFinding circus(String user, List<String> circusArgs) {
            Path ini = homes.ini(user, host);
            if (!Files.isRegularFile(ini)) {
                return failed(Reason.PARSE, "no circus.ini for " + user + "@" + host + ": " + ini + " does not exist");
            }
            Endpoint endpoint;
            try {
                endpoint = CircusIni.endpoint(ini);
            } catch (CircusIniException e) {
                return failed(Reason.PARSE, e.getMessage());
            }
            if (!endpoint.resolved()) {
                return failed(Reason.PARSE, ini + ": endpoint " + endpoint.value() + " uses a variable Barnum cannot see");
            }
            try {
                return circusArgs.isEmpty() ? status(endpoint.value()) : passthrough(endpoint.value(), circusArgs);
            } catch (ShellException e) {
                return new CircusFinding.Failed(Failure.of(e));
            }
        }

        private CircusFinding status(String endpoint) throws ShellException {
            ExecResult result = exec("circus", circusctl.json(endpoint, List.of("status")));
            if (timedOut(result)) {
                return new CircusFinding.NotAnswering(endpoint);
            }
            if (!result.ok()) {
                return failed(Reason.COMMAND, "circusctl exited " + result.exit() + ": " + result.firstErrorLine());
            }
            try {
                CircusReply reply = CircusReply.parse(result.stdout());
                if (reply.error()) {
                    return failed(Reason.COMMAND, "circusd " + endpoint + " replied: " + reply.reason());
                }
                return new CircusFinding.Watchers(endpoint, reply.statuses());
            } catch (IllegalArgumentException e) {
                return failed(Reason.PARSE, "circusctl " + endpoint + ": " + e.getMessage());
            }
        }

        private CircusFinding passthrough(String endpoint, List<String> circusArgs) throws ShellException {
            ExecResult result = exec("circus", circusctl.text(endpoint, circusArgs));
            return timedOut(result) ? new CircusFinding.NotAnswering(endpoint) : new CircusFinding.Output(endpoint, result);
        }

        private ExecResult exec(String what, List<String> argv) throws ShellException {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new ShellException(Reason.TIMEOUT, host + ": deadline passed before " + argv.get(0) + " could run");
            }
            trace.bailey(what + " cmd: " + shell.describe(argv));
            return shell.run(argv, left.compareTo(commandTimeout) < 0 ? left : commandTimeout);
        }
    }

    /** circusctl's own timeout: nothing answered at the endpoint (exit 1, "Timed out." on stderr). */
    private static boolean timedOut(ExecResult result) {
        return result.exit() == 1 && result.stderr().startsWith("Timed out.");
    }

    private static CircusFinding failed(Reason reason, String message) {
        return new CircusFinding.Failed(new Failure(reason, message));
    }
}
