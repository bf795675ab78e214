package dev.barnum.commands;

import dev.barnum.base.Daemons;
import dev.barnum.circus.CircusCommand;
import dev.barnum.circus.CircusReply;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.circus.wire.NoAnswerException;
import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;
import dev.barnum.config.Shown;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.Target;
import dev.barnum.remote.ExecResult;
import dev.barnum.remote.ForwardingRefusedException;
import dev.barnum.remote.NotListeningException;
import dev.barnum.remote.Reason;
import dev.barnum.remote.ShellException;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.SnapshotStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The one path of every circus command the service sends, from REST or JMX: allow-list, targets and
 * watchers checked against the last snapshot, one command at a time per circusd, circus's errno 5
 * ("arbiter is already running ... command") retried with a growing pause, an audit line and a
 * {@code barnum_commands_total} count per (host, user).
 */
@ApplicationScoped
@Startup // its counters exist from the start, not from the first command
public class CommandService {

    private static final Logger AUDIT = Logger.getLogger("barnum.audit");

    private final Fleet fleet;
    private final SnapshotStore store;
    private final BarnumConfig config;
    private final MeterRegistry registry;
    private final Clock clock;
    private final CommandPolicy policy;
    private final Map<String, ReentrantLock> circusds = new ConcurrentHashMap<>();
    private final ExecutorService workers;

    @Inject
    public CommandService(
            Fleet fleet,
            SnapshotStore store,
            BarnumConfig config,
            MeterRegistry registry,
            Clock clock) {
        this.fleet = fleet;
        this.store = store;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.policy = new CommandPolicy(config.commands().allowed());
        // every allowed action and outcome from 0, so that a first command is an increase
        // Prometheus can see
        for (String action : policy.allowed()) {
            for (Outcome outcome : Outcome.values()) {
                counter(registry, action, outcome);
            }
        }
        this.workers =
                Executors.newFixedThreadPool(
                        Math.max(1, config.poll().parallelism()), Daemons.named("barnum-command"));
    }

    /**
     * Runs (or, for a dry run, only describes) a circus command on every (host, user) of the
     * target. The target must be named: an empty one never means every host.
     *
     * @param who the authenticated caller, for the audit log
     * @return one result per (host, user), in snapshot order
     * @throws dev.barnum.config.BadInputException when the command, target or watcher is refused;
     *     nothing runs then
     * @throws NotReadyException before the first poll completed
     */
    public List<CommandResult> run(CommandRequest request, String who) {
        List<CommandTargets.Pair> pairs;
        List<String> args;
        Target target;
        try {
            if (request.target() == null || request.target().isBlank()) {
                throw new BadInputException(
                        "target is required: \"all\", \"host\" or \"user@host\"");
            }
            args = policy.check(request.args());
            target = Target.parse(request.target());
            FleetSnapshot snapshot = store.latest().orElseThrow(NotReadyException::new);
            pairs = CommandTargets.resolve(snapshot, target, CommandPolicy.watcher(args));
        } catch (BadInputException e) {
            AUDIT.infof(
                    "who=%s target=%s args=%s outcome=refused message=\"%s\"",
                    who,
                    printable(request.target()),
                    printable(request.args()),
                    printable(e.getMessage()));
            throw e;
        }
        List<CompletableFuture<CommandResult>> results =
                pairs.stream()
                        .map(
                                pair ->
                                        CompletableFuture.supplyAsync(
                                                () ->
                                                        audited(
                                                                pair,
                                                                args,
                                                                request.dryRun(),
                                                                who,
                                                                target),
                                                workers))
                        .toList();
        return results.stream().map(CompletableFuture::join).toList();
    }

    private CommandResult audited(
            CommandTargets.Pair pair,
            List<String> args,
            boolean dryRun,
            String who,
            Target target) {
        CommandResult result = execute(pair, args, dryRun);
        AUDIT.infof(
                "who=%s target=%s host=%s user=%s argv=%s outcome=%s duration=%dms retries=%d%s",
                who,
                target,
                pair.host(),
                pair.user(),
                result.argv(),
                result.outcome().label(),
                result.durationMillis(),
                result.retries(),
                result.message() == null ? "" : " message=\"" + printable(result.message()) + "\"");
        counter(registry, CommandPolicy.action(args), result.outcome()).increment();
        return result;
    }

    /**
     * A caller's (or a host's) words as one audit line can hold them: quotes escaped, on one line
     * ({@link Shown}), at most 500 characters.
     */
    static String printable(Object words) {
        return Shown.of(String.valueOf(words).replace("\\", "\\\\").replace("\"", "\\\""), 500);
    }

    /** {@code barnum_commands_total{action,outcome}}: commands run through any surface. */
    public static io.micrometer.core.instrument.Counter counter(
            MeterRegistry registry, String action, Outcome outcome) {
        return io.micrometer.core.instrument.Counter.builder("barnum.commands")
                .tags("action", action, "outcome", outcome.label())
                .description(
                        "Circus commands sent through the service (REST and JMX), by circus command and outcome")
                .register(registry);
    }

    private CommandResult execute(CommandTargets.Pair pair, List<String> args, boolean dryRun) {
        Optional<String> watcher = CommandPolicy.watcher(args);
        if (pair.endpoint().isEmpty()) {
            return skipped(pair, List.of(), pair.skip());
        }
        String endpoint = pair.endpoint().get();
        Optional<CircusCommand> message =
                fleet.direct() && !fleet.refusesForwarding(pair.host())
                        ? CircusCommand.of(args)
                        : Optional.empty();
        List<String> argv =
                message.map(m -> wireArgv(endpoint, m))
                        .orElseGet(() -> fleet.circusctl().json(endpoint, args));
        if (watcher.isPresent() && !pair.watchers().isEmpty() && !pair.has(watcher.get())) {
            return skipped(
                    pair,
                    argv,
                    "no watcher " + watcher.get() + " on " + pair.user() + "@" + pair.host());
        }
        if (dryRun) {
            return new CommandResult(
                    pair.host(),
                    pair.user(),
                    argv,
                    null,
                    "",
                    "",
                    0,
                    Outcome.DRY_RUN,
                    message.isPresent()
                            ? "would send: "
                                    + argv.get(2)
                                    + " to "
                                    + endpoint
                                    + " through "
                                    + pair.host()
                                    + "'s SSH session"
                            : "would execute: " + fleet.commandShell(pair.host()).describe(argv),
                    0);
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
        return new CommandResult(
                pair.host(), pair.user(), argv, null, "", "", 0, Outcome.SKIPPED, why, 0);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
