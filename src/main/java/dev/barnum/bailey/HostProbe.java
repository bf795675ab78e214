package dev.barnum.bailey;

import dev.barnum.base.Deadline;
import dev.barnum.circus.CircusIni;
import dev.barnum.circus.CircusIniException;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.circus.Endpoint;
import dev.barnum.circus.wire.ControlChannel;
import dev.barnum.circus.wire.NoAnswerException;
import dev.barnum.config.BarnumConfig;
import dev.barnum.config.Names;
import dev.barnum.config.Shown;
import dev.barnum.discovery.Homes;
import dev.barnum.discovery.Inventory;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.ForwardingRefusedException;
import dev.barnum.remote.NotListeningException;
import dev.barnum.remote.Reason;
import dev.barnum.remote.Shell;
import dev.barnum.remote.ShellException;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.ExpectedUnit;
import dev.barnum.state.Failure;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.SystemctlCommands;
import dev.barnum.systemd.SystemctlParser;
import dev.barnum.systemd.UnitPattern;
import dev.barnum.systemd.UnitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The bailey flow on one host: list the circus units and read their states (and those of the units
 * the homes expect there, installed or not), find each user's endpoint in its circus.ini, ask each
 * running circusd. Two round trips whatever the number of users: one for systemd, one batch ({@link
 * Shell#runAll}) for every circus command. Never throws: whatever fails is in the report.
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
    private final CircusAccess circus;
    private final Inventory inventory;
    private final Set<String> listedUsers;
    private final Duration commandTimeout;
    private final String unitDir;
    private final Clock clock;

    public HostProbe(
            Homes homes,
            UnitPattern units,
            CircusAccess circus,
            Inventory inventory,
            Duration commandTimeout,
            String unitDir,
            Clock clock) {
        this(homes, CircusIni::endpoint, units, circus, inventory, commandTimeout, unitDir, clock);
    }

    HostProbe(
            Homes homes,
            EndpointReader endpoints,
            UnitPattern units,
            CircusAccess circus,
            Inventory inventory,
            Duration commandTimeout,
            String unitDir,
            Clock clock) {
        this.homes = homes;
        this.endpoints = endpoints;
        this.units = units;
        this.circus = circus;
        this.inventory = inventory;
        this.listedUsers = Set.copyOf(inventory.users());
        this.commandTimeout = commandTimeout;
        this.unitDir = unitDir;
        this.clock = clock;
    }

    /**
     * Barnum's own questions to each running circusd of the host: its watchers' states, and for the
     * poll their process counts; over circus's protocol where {@link CircusAccess} has it, else
     * with circusctl ({@code status}, {@code stats}).
     *
     * @param deadline no command runs past it (monotonic)
     * @return what the host showed, or why it could not be probed; never throws
     */
    public HostReport probe(String host, Shell shell, ProbeRequest request, Deadline deadline) {
        Instant started = clock.instant();
        List<ExpectedUnit> expected = expected(host, request.onlyUser());
        try {
            Run run = new Run(host, shell, deadline, request.trace(), expected);
            List<UnitReport> reports =
                    run
                            .ask(
                                    request.onlyUser(),
                                    endpoint -> run.overWire(endpoint, request.ask()),
                                    endpoint -> statusCommands(endpoint, request))
                            .stream()
                            .map(
                                    answer ->
                                            answer.plan()
                                                    .report(answer.finding(CircusAnswers::status)))
                            .toList();
            return new HostReport(
                    host,
                    started,
                    since(started),
                    Optional.empty(),
                    reports,
                    circus.wire().isPresent() && !circus.wire().get().refuses(host)
                            ? BarnumConfig.Transport.DIRECT
                            : BarnumConfig.Transport.CIRCUSCTL,
                    expected);
        } catch (ShellException e) {
            return HostReport.failed(host, started, since(started), Failure.of(e))
                    .withExpected(expected);
        }
    }

    /**
     * The units the homes expect on {@code host}: one for each user of circus_users.yaml whose home
     * has a circus.ini for it ({@code onlyUser}'s alone, when given). Reads no file.
     */
    public List<ExpectedUnit> expected(String host, Optional<String> onlyUser) {
        return inventory.instances(host).stream()
                .filter(i -> onlyUser.map(i.user()::equals).orElse(true))
                .map(i -> new ExpectedUnit(i.user(), units.unit(i.user(), host), i.ini()))
                .toList();
    }

    /**
     * An operator's circus command, in text mode, for each running unit of the host.
     *
     * @param deadline no command runs past it (monotonic)
     * @return what each circusd printed, or why the host could not be reached; never throws
     */
    public CommandReport command(
            String host, Shell shell, PassthroughRequest request, Deadline deadline) {
        Instant started = clock.instant();
        try {
            List<PairOutput> pairs =
                    new Run(
                                    host,
                                    shell,
                                    deadline,
                                    request.trace(),
                                    expected(host, request.onlyUser()))
                                    .ask(
                                            request.onlyUser(),
                                            endpoint -> Optional.empty(),
                                            endpoint ->
                                                    List.of(
                                                            circus.circusctl()
                                                                    .text(
                                                                            endpoint,
                                                                            request.circusArgs())))
                                    .stream()
                                    .map(
                                            answer ->
                                                    new PairOutput(
                                                            answer.plan().status(),
                                                            answer.plan().user(),
                                                            answer.reply()))
                                    .toList();
            return new CommandReport(host, started, since(started), Optional.empty(), pairs);
        } catch (ShellException e) {
            return CommandReport.failed(host, started, since(started), Failure.of(e));
        }
    }

    private List<List<String>> statusCommands(String endpoint, ProbeRequest request) {
        CircusctlCommands circusctl = circus.circusctl();
        return request.ask() == Ask.STATUS
                ? List.of(circusctl.json(endpoint, List.of("status")))
                : List.of(
                        circusctl.json(endpoint, List.of("status")),
                        circusctl.json(endpoint, List.of("stats")));
    }

    private Duration since(Instant started) {
        return Duration.between(started, clock.instant());
    }

    /**
     * What to do about one unit: its finding is {@code known} already (not running, not installed,
     * no user to be found), or, when empty, its circusd must be asked.
     */
    private record UnitPlan(
            UnitStatus status,
            String user,
            boolean listed,
            boolean unexpected,
            Optional<CircusFinding> known) {

        UnitReport report(CircusFinding finding) {
            return new UnitReport(status, user, listed, finding, unexpected);
        }

        /** The same unit, whose finding is known without asking its circusd. */
        UnitPlan knowing(CircusFinding finding) {
            return new UnitPlan(status, user, listed, unexpected, Optional.of(finding));
        }
    }

    /**
     * One unit after the batch: the finding known without asking (its plan's, or why its circusd
     * could not be asked), or the endpoint asked and the results of its commands, in order.
     */
    private record Answer(
            UnitPlan plan,
            Optional<CircusFinding> known,
            String endpoint,
            List<ExecResult> results) {

        CircusFinding finding(BiFunction<String, List<ExecResult>, CircusFinding> answered) {
            return known.orElseGet(() -> answered.apply(endpoint, results));
        }

        PairOutput.Reply reply() {
            return known.<PairOutput.Reply>map(PairOutput.NotRun::new)
                    .orElseGet(() -> CircusAnswers.output(endpoint, results.get(0)));
        }
    }

    /**
     * The endpoint of one running unit, or why there is none. The unit's home belongs to its user
     * and is read as hostile: whatever goes wrong there, even an {@link Error} such as running out
     * of memory or stack, fails this (user, host) pair alone, never the host or the fleet.
     */
    private Address address(String host, UnitPlan unit) {
        try {
            return endpoint(host, unit);
        } catch (RuntimeException | Error e) {
            return Address.failed(
                    Reason.PARSE,
                    (unit.user() + "@" + host + ": cannot read its circus.ini: " + e)
                            .transform(Shown::oneLine));
        }
    }

    private Address endpoint(String host, UnitPlan unit) {
        Path ini = homes.ini(unit.user(), host);
        if (!Files.exists(ini, LinkOption.NOFOLLOW_LINKS)) {
            return Address.failed(
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
            return Address.failed(Reason.PARSE, e.getMessage());
        }
        if (!endpoint.resolved()) {
            return Address.failed(
                    Reason.PARSE,
                    ini + ": endpoint " + endpoint.value() + " uses a variable Barnum cannot see");
        }
        return new Address(endpoint.value(), Optional.empty());
    }

    /**
     * The endpoint of a unit's circusd, and what is {@code known} of it without circusctl: why it
     * cannot be asked, or what it answered over circus's protocol.
     */
    private record Address(String endpoint, Optional<CircusFinding> known) {
        static Address failed(Reason reason, String message) {
            return new Address(null, Optional.of(HostProbe.failed(reason, message)));
        }
    }

    /** One probe's state: the host, its shell, its deadline, the units the homes expect there. */
    private final class Run {
        private final String host;
        private final Shell shell;
        private final Deadline deadline;
        private final Trace trace;
        private final List<String> expected;

        Run(String host, Shell shell, Deadline deadline, Trace trace, List<ExpectedUnit> expected) {
            this.host = host;
            this.shell = shell;
            this.deadline = deadline;
            this.trace = trace;
            this.expected = expected.stream().map(ExpectedUnit::unit).toList();
        }

        /** The units' states, sorted by name as systemd lists them. */
        List<UnitStatus> units(Optional<String> onlyUser) throws ShellException {
            List<String> argv;
            if (onlyUser.isPresent()) {
                argv = SystemctlCommands.show(List.of(units.unit(onlyUser.get(), host)));
                trace.bailey("units cmd: " + shell.describe(argv));
            } else {
                argv = SystemctlCommands.listAndShow(units.glob(host), expected);
                trace.bailey(
                        "units cmd: "
                                + shell.describe(
                                        SystemctlCommands.listUnitFiles(units.glob(host))));
                trace.bailey(
                        "units cmd: "
                                + shell.describe(SystemctlCommands.show(List.of()))
                                + " "
                                + SystemctlCommands.listedAndExpected(expected));
            }
            ExecResult result = shell.run(argv, timeLeft(argv));
            if (!result.ok()) {
                throw new ShellException(
                        Reason.COMMAND, host + ": systemctl failed: " + result.firstErrorLine());
            }
            try {
                return SystemctlParser.show(result.stdout()).stream()
                        .sorted(Comparator.comparing(UnitStatus::id, String.CASE_INSENSITIVE_ORDER))
                        .toList();
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
            UnitPlan plan =
                    new UnitPlan(
                            status,
                            user.get(),
                            listedUsers.contains(user.get()),
                            !expected.contains(status.id()) && !hasIni(user.get()),
                            Optional.empty());
            if (!status.loaded()) {
                return plan.knowing(
                        failed(Reason.COMMAND, status.id() + " is not installed on " + host));
            }
            if (!status.activeState().circusExpected()) {
                return plan.knowing(new CircusFinding.NotExpected());
            }
            return plan;
        }

        /**
         * Whether {@code user}'s home has a circus.ini for this host (a user of circus_users.yaml
         * or not): a unit it names is not unexpected. Only looked at, never read.
         */
        private boolean hasIni(String user) {
            try {
                return Files.exists(homes.ini(user, host), LinkOption.NOFOLLOW_LINKS);
            } catch (RuntimeException e) {
                return false; // an unreadable home names nothing
            }
        }

        /**
         * A unit whose user cannot be told: a parse failure of its own, no home read; no circus.ini
         * can name it.
         */
        private UnitPlan withoutUser(UnitStatus status, String why) {
            return new UnitPlan(
                    status,
                    "",
                    false,
                    !expected.contains(status.id()),
                    Optional.of(failed(Reason.PARSE, status.id() + why)));
        }

        /**
         * The host's circus units, and for each running one the results of {@code commands} for its
         * endpoint, all of them in one batch.
         *
         * @throws ShellException when the units cannot be listed; a failed batch is every asked
         *     unit's own failure
         */
        List<Answer> ask(
                Optional<String> onlyUser,
                Function<String, Optional<CircusFinding>> directly,
                Function<String, List<List<String>>> commands)
                throws ShellException {
            List<UnitPlan> plans = units(onlyUser).stream().map(this::plan).toList();
            List<Address> addresses =
                    plans.stream()
                            .map(
                                    plan ->
                                            plan.known().isPresent()
                                                    ? new Address(null, plan.known())
                                                    : address(host, plan))
                            .map(
                                    address ->
                                            address.known().isPresent()
                                                    ? address
                                                    : directly.apply(address.endpoint())
                                                            .map(
                                                                    finding ->
                                                                            new Address(
                                                                                    address
                                                                                            .endpoint(),
                                                                                    Optional.of(
                                                                                            finding)))
                                                            .orElse(address))
                            .toList();
            List<List<List<String>>> perUnit =
                    addresses.stream()
                            .map(
                                    t ->
                                            t.known().isPresent()
                                                    ? List.<List<String>>of()
                                                    : commands.apply(t.endpoint()))
                            .toList();
            List<List<String>> batch = perUnit.stream().flatMap(List::stream).toList();
            List<ExecResult> results = List.of();
            Optional<CircusFinding> batchFailure = Optional.empty();
            if (!batch.isEmpty()) {
                batch.forEach(argv -> trace.bailey("circus cmd: " + shell.describe(argv)));
                try {
                    results = shell.runAll(batch, timeLeft(batch.get(0)));
                } catch (ShellException e) {
                    batchFailure = Optional.of(new CircusFinding.Failed(Failure.of(e)));
                }
            }
            List<Answer> answers = new ArrayList<>(plans.size());
            int next = 0;
            for (int i = 0; i < plans.size(); i++) {
                Address address = addresses.get(i);
                int count = perUnit.get(i).size();
                if (address.known().isPresent()) {
                    answers.add(new Answer(plans.get(i), address.known(), null, List.of()));
                } else if (batchFailure.isPresent()) {
                    answers.add(
                            new Answer(plans.get(i), batchFailure, address.endpoint(), List.of()));
                } else {
                    answers.add(
                            new Answer(
                                    plans.get(i),
                                    Optional.empty(),
                                    address.endpoint(),
                                    results.subList(next, next + count)));
                }
                next += count;
            }
            return answers;
        }

        /**
         * {@code status} (and the process counts) of the circusd at {@code endpoint}, over circus's
         * protocol through this host's session; empty when the host must be asked with circusctl
         * (the transport is circusctl, or its sshd refuses to forward).
         */
        Optional<CircusFinding> overWire(String endpoint, Ask ask) {
            if (circus.wire().isEmpty() || circus.wire().get().refuses(host)) {
                return Optional.empty();
            }
            trace.bailey(
                    "circus request: status to "
                            + endpoint
                            + " through "
                            + host
                            + "'s SSH session");
            try {
                Duration timeout = timeLeft(List.of("circus " + endpoint));
                if (timeout.compareTo(circus.circusctl().timeout()) > 0) {
                    timeout = circus.circusctl().timeout();
                }
                ControlChannel channel =
                        circus.wire().get().control(host, shell, new Endpoint(endpoint), timeout);
                return Optional.of(WireAnswers.status(channel, endpoint, ask, timeout));
            } catch (ForwardingRefusedException e) {
                return Optional.empty();
            } catch (NotListeningException | NoAnswerException e) {
                return Optional.of(new CircusFinding.NotAnswering(endpoint));
            } catch (ShellException e) {
                return Optional.of(new CircusFinding.Failed(Failure.of(e)));
            } catch (IOException | IllegalArgumentException e) {
                return Optional.of(
                        failed(
                                Reason.PARSE,
                                "circusd " + endpoint + ": " + Shown.oneLine(e.getMessage())));
            }
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

    static CircusFinding failed(Reason reason, String message) {
        return new CircusFinding.Failed(new Failure(reason, message));
    }
}
