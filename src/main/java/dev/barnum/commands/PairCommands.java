package dev.barnum.commands;

import dev.barnum.base.Deadline;
import dev.barnum.circus.CircusCommand;
import dev.barnum.circus.CircusReply;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.circus.WatcherState;
import dev.barnum.circus.wire.NoAnswerException;
import dev.barnum.config.BarnumConfig;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.Target;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.ForwardingRefusedException;
import dev.barnum.remote.NotListeningException;
import dev.barnum.remote.Reason;
import dev.barnum.remote.ShellException;
import dev.barnum.state.FleetSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How one checked circus command reaches one (host, user), for every surface: over circus's
 * protocol on the host's command session where the host forwards, with circusctl otherwise; one
 * command at a time per circusd; circus's errno 5 ("arbiter is already running ... command")
 * retried with a growing pause.
 */
public final class PairCommands {

    private final Fleet fleet;
    private final BarnumConfig config;
    private final Clock clock;
    private final Map<String, ReentrantLock> circusds = new ConcurrentHashMap<>();

    public PairCommands(Fleet fleet) {
        this.fleet = fleet;
        this.config = fleet.config();
        this.clock = fleet.clock();
    }

    /**
     * A checked circus command over the target's pairs in the snapshot, one batch at a time: the
     * CLI's rolling command (the service's is {@code CommandService#roll}, which audits it).
     *
     * @throws dev.barnum.config.BadInputException naming the target or watcher the snapshot does
     *     not know
     */
    public RollingResult roll(
            FleetSnapshot snapshot,
            Target target,
            List<String> args,
            RollingPlan plan,
            Executor workers,
            BooleanSupplier cancelled,
            Rollout.Listener listener) {
        List<CommandTargets.Pair> pairs =
                CommandTargets.resolve(snapshot, target, CommandPolicy.watcher(args));
        return new Rollout(
                        pair -> run(pair, args, false),
                        this::statuses,
                        workers,
                        Deadline.Ticker.SYSTEM)
                .run(pairs, args, plan, cancelled, listener);
    }

    /**
     * The pairs in batches, each sent {@code command} then settled with {@link #statuses}.
     *
     * @param halt asked before each batch: why the command stops there; empty to go on
     */
    RollingResult roll(
            List<CommandTargets.Pair> pairs,
            List<String> args,
            RollingPlan plan,
            Function<CommandTargets.Pair, CommandResult> command,
            Executor workers,
            Supplier<Optional<String>> halt,
            Rollout.Listener listener) {
        return new Rollout(command, this::statuses, workers, Deadline.Ticker.SYSTEM)
                .run(pairs, args, plan, halt, listener);
    }

    /**
     * The watchers' states as circusd reports them now ({@code status}), for a rolling command's
     * settling; empty, with the result saying why, when circusd did not tell.
     */
    Statuses statuses(CommandTargets.Pair pair) {
        CommandResult result = run(pair, List.of("status"), false);
        if (result.outcome() != Outcome.OK) {
            return new Statuses(Optional.empty(), result.outcome().label() + describe(result));
        }
        try {
            return new Statuses(Optional.of(CircusReply.parse(result.stdout()).statuses()), "");
        } catch (IllegalArgumentException e) {
            return new Statuses(Optional.empty(), "circusd's status: " + e.getMessage());
        }
    }

    /** What circusd said of its watchers, or why it said nothing. */
    record Statuses(Optional<SortedMap<String, WatcherState>> states, String why) {}

    private static String describe(CommandResult result) {
        return result.message() == null ? "" : ": " + result.message();
    }

    /**
     * Sends (or, for a dry run, only describes) a checked circus command to one pair: over circus's
     * protocol where the host forwards, else with circusctl; errno 5 retried.
     */
    CommandResult run(CommandTargets.Pair pair, List<String> args, boolean dryRun) {
        Optional<String> watcher = CommandPolicy.watcher(args);
        if (pair.endpoint().isEmpty()) {
            return skipped(pair, List.of(), pair.skip());
        }
        String endpoint = pair.endpoint().get();
        Optional<CircusCommand> message = message(pair, args);
        List<String> argv = argv(endpoint, message, args);
        if (watcher.isPresent() && !pair.watchers().isEmpty() && !pair.has(watcher.get())) {
            return skipped(
                    pair,
                    argv,
                    "no watcher " + watcher.get() + " on " + pair.user() + "@" + pair.host());
        }
        if (dryRun) {
            return CommandResult.notRun(
                    pair.host(),
                    pair.user(),
                    argv,
                    Outcome.DRY_RUN,
                    message.isPresent()
                            ? "would send: "
                                    + argv.get(2)
                                    + " to "
                                    + endpoint
                                    + " through "
                                    + pair.host()
                                    + "'s SSH session"
                            : "would execute: " + fleet.commandShell(pair.host()).describe(argv));
        }
        ReentrantLock circusd =
                circusds.computeIfAbsent(
                        pair.host() + " " + pair.endpoint().get(), k -> new ReentrantLock());
        circusd.lock();
        try {
            return attempts(pair, argv, message, args);
        } finally {
            circusd.unlock();
        }
    }

    /**
     * What a command to the pair is sent as now, its result's argv: {@code circus EP JSON} where
     * the host forwards, else circusctl's argv; empty when the pair has no circusd to ask.
     */
    List<String> argv(CommandTargets.Pair pair, List<String> args) {
        return pair.endpoint().map(e -> argv(e, message(pair, args), args)).orElse(List.of());
    }

    /** circus's message for the command, where it goes over circus's protocol. */
    private Optional<CircusCommand> message(CommandTargets.Pair pair, List<String> args) {
        return fleet.direct() && !fleet.refusesForwarding(pair.host())
                ? CircusCommand.of(args)
                : Optional.empty();
    }

    private List<String> argv(String endpoint, Optional<CircusCommand> message, List<String> args) {
        return message.map(m -> wireArgv(endpoint, m))
                .orElseGet(() -> fleet.circusctl().json(endpoint, args));
    }

    /** What a command over circus's protocol is, as the result's argv: {@code circus EP JSON}. */
    private static List<String> wireArgv(String endpoint, CircusCommand message) {
        com.fasterxml.jackson.databind.node.ObjectNode json = JSON.createObjectNode();
        json.put("command", message.command());
        if (!message.properties().isEmpty()) {
            json.set("properties", JSON.valueToTree(new java.util.TreeMap<>(message.properties())));
        }
        return List.of("circus", endpoint, json.toString());
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private CommandResult attempts(
            CommandTargets.Pair pair,
            List<String> argv,
            Optional<CircusCommand> message,
            List<String> args) {
        Instant start = clock.instant();
        Duration pause = config.commands().retryBackoff();
        for (int retries = 0; ; retries++) {
            Attempt attempt =
                    message.isPresent()
                            ? overWire(pair, argv, message.get(), args, start)
                            : once(pair, argv, start);
            CommandResult result = attempt.result().withRetries(retries);
            if (!attempt.busy() || retries >= config.commands().retries()) {
                return result;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            pause = pause.multipliedBy(2);
        }
    }

    /**
     * One sending of a command; {@code busy} when circusd refused it with errno 5 and it may be
     * sent again.
     */
    private record Attempt(CommandResult result, boolean busy) {}

    private Attempt once(CommandTargets.Pair pair, List<String> argv, Instant start) {
        ExecResult exec;
        try {
            exec = fleet.commandShell(pair.host()).run(argv, config.ssh().commandTimeout());
        } catch (ShellException e) {
            return unreached(pair, argv, start, e);
        }
        if (CircusctlCommands.timedOut(exec)) {
            return done(silent(pair, argv, exec, start));
        }
        if (!exec.ok()) {
            return done(
                    result(
                            pair,
                            argv,
                            exec,
                            start,
                            Outcome.FAILED,
                            "circusctl exited " + exec.exit() + ": " + exec.firstErrorLine()));
        }
        try {
            CircusReply reply = CircusReply.parse(exec.stdout());
            if (reply.error()) {
                return new Attempt(
                        result(
                                pair,
                                argv,
                                exec,
                                start,
                                Outcome.ERROR,
                                "errno " + reply.errno() + ": " + reply.reason()),
                        reply.errno() == CircusReply.ERRNO_BUSY);
            }
            return done(result(pair, argv, exec, start, Outcome.OK, null));
        } catch (IllegalArgumentException e) {
            return done(result(pair, argv, exec, start, Outcome.FAILED, e.getMessage()));
        }
    }

    /**
     * One sending over circus's protocol, on the host's command session; where the host's sshd
     * refuses to forward, circusctl instead (and from then on).
     */
    private Attempt overWire(
            CommandTargets.Pair pair,
            List<String> argv,
            CircusCommand message,
            List<String> args,
            Instant start) {
        String endpoint = pair.endpoint().get();
        Duration timeout = config.ssh().commandTimeout();
        CircusReply reply;
        try {
            dev.barnum.circus.wire.ControlChannel channel =
                    fleet.commandChannel(pair.host(), endpoint, timeout);
            try {
                reply = channel.call(message.command(), message.properties(), timeout);
            } finally {
                channel.idle();
            }
        } catch (ForwardingRefusedException e) {
            return once(pair, fleet.circusctl().json(endpoint, args), start);
        } catch (NoAnswerException | NotListeningException e) {
            return done(silent(pair, argv, null, start));
        } catch (ShellException e) {
            return unreached(pair, argv, start, e);
        } catch (java.io.IOException e) {
            return done(result(pair, argv, null, start, Outcome.FAILED, e.getMessage()));
        }
        // no process ran: no exit status; circusd's reply is the output
        CommandResult answered =
                new CommandResult(
                        pair.host(),
                        pair.user(),
                        argv,
                        null,
                        reply.body().toString(),
                        "",
                        Duration.between(start, clock.instant()).toMillis(),
                        reply.error() ? Outcome.ERROR : Outcome.OK,
                        reply.error() ? "errno " + reply.errno() + ": " + reply.reason() : null,
                        0);
        return new Attempt(answered, reply.error() && reply.errno() == CircusReply.ERRNO_BUSY);
    }

    /** The host could not be reached, or did not run the command in time. */
    private Attempt unreached(
            CommandTargets.Pair pair, List<String> argv, Instant start, ShellException e) {
        return done(
                result(
                        pair,
                        argv,
                        null,
                        start,
                        e.reason() == Reason.TIMEOUT ? Outcome.TIMEOUT : Outcome.FAILED,
                        e.getMessage()));
    }

    /** circusd did not answer in time (or nothing listens at its endpoint). */
    private CommandResult silent(
            CommandTargets.Pair pair, List<String> argv, ExecResult exec, Instant start) {
        return result(
                pair,
                argv,
                exec,
                start,
                Outcome.TIMEOUT,
                "circusd did not answer at " + pair.endpoint().get());
    }

    private static Attempt done(CommandResult result) {
        return new Attempt(result, false);
    }

    private CommandResult result(
            CommandTargets.Pair pair,
            List<String> argv,
            ExecResult exec,
            Instant start,
            Outcome outcome,
            String message) {
        return new CommandResult(
                pair.host(),
                pair.user(),
                argv,
                exec == null ? null : exec.exit(),
                exec == null ? "" : exec.stdout(),
                exec == null ? "" : exec.stderr(),
                Duration.between(start, clock.instant()).toMillis(),
                outcome,
                message,
                0);
    }

    private static CommandResult skipped(CommandTargets.Pair pair, List<String> argv, String why) {
        return CommandResult.notRun(pair.host(), pair.user(), argv, Outcome.SKIPPED, why);
    }
}
