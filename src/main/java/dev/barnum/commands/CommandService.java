package dev.barnum.commands;

import dev.barnum.base.Daemons;
import dev.barnum.base.Deadline;
import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;
import dev.barnum.config.Shown;
import dev.barnum.discovery.Shard;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.Stopping;
import dev.barnum.fleet.Target;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.SnapshotStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
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
    private final PairCommands pairs;
    private final ExecutorService workers;
    private final Stopping stopping;
    private final InFlight inFlight = new InFlight(Deadline.Ticker.SYSTEM);
    private final java.util.concurrent.atomic.AtomicInteger interrupted =
            new java.util.concurrent.atomic.AtomicInteger();

    @Inject
    public CommandService(
            Fleet fleet,
            SnapshotStore store,
            BarnumConfig config,
            MeterRegistry registry,
            Clock clock,
            Stopping stopping) {
        this.fleet = fleet;
        this.stopping = stopping;
        this.store = store;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.policy = new CommandPolicy(config.commands().allowed());
        this.pairs = new PairCommands(fleet);
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
     * target, all at once (bounded by the parallelism). The target must be named: an empty one
     * never means every host.
     *
     * @param who the authenticated caller, for the audit log
     * @return one result per (host, user), in snapshot order
     * @throws dev.barnum.config.BadInputException when the command, target or watcher is refused;
     *     nothing runs then
     * @throws NotReadyException before the first poll completed
     */
    public List<CommandResult> run(CommandRequest request, String who) {
        Checked checked = check(request, who);
        List<CompletableFuture<CommandResult>> results =
                checked.pairs().stream()
                        .map(
                                pair ->
                                        CompletableFuture.supplyAsync(
                                                () -> audited(pair, checked, request.dryRun(), who),
                                                workers))
                        .toList();
        return results.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Runs a circus command on the target's pairs one batch at a time ({@link Rollout}): each pair
     * audited as {@link #run} does, then one audit line for the whole command.
     *
     * @param cancelled asked before each batch: true stops the command there
     * @throws dev.barnum.config.BadInputException when the command, target, watcher or plan is
     *     refused (or the request has no batch); nothing runs then
     * @throws NotReadyException before the first poll completed
     */
    public RollingResult roll(
            CommandRequest request,
            String who,
            BooleanSupplier cancelled,
            Rollout.Listener listener) {
        Checked checked = check(request, who);
        RollingPlan plan =
                checked.plan()
                        .orElseThrow(
                                () -> new BadInputException("a rolling command needs a batch"));
        boolean dryRun = request.dryRun();
        RollingResult result =
                pairs.roll(
                        checked.pairs(),
                        checked.args(),
                        dryRun ? plan.withoutPause() : plan,
                        pair -> audited(pair, checked, dryRun, who),
                        workers,
                        () ->
                                stopping.stopping()
                                        ? Optional.of(Stopping.WHY)
                                        : cancelled.getAsBoolean()
                                                ? Optional.of("cancelled")
                                                : Optional.empty(),
                        listener);
        AUDIT.infof(
                "who=%s target=%s args=%s rolling batch=%s max-failures=%s batches=%d/%d ran=%d failures=%d not-started=%d outcome=%s%s",
                who,
                checked.target(),
                printable(checked.args()),
                result.batch(),
                result.maxFailures(),
                result.batchesRun(),
                result.batches(),
                result.ran().size(),
                result.failures(),
                result.notStarted().size(),
                dryRun ? "dry_run" : result.stopped() == null ? "completed" : "stopped",
                result.stopped() == null ? "" : " message=\"" + printable(result.stopped()) + "\"");
        return result;
    }

    /** A request that passed the policy: its command, target, pairs and rolling plan. */
    private record Checked(
            List<String> args,
            Target target,
            List<CommandTargets.Pair> pairs,
            Optional<RollingPlan> plan) {}

    private Checked check(CommandRequest request, String who) {
        if (stopping.stopping()) {
            throw new NotReadyException(Stopping.WHY);
        }
        try {
            if (request.target() == null || request.target().isBlank()) {
                throw new BadInputException(
                        "target is required: \"all\", \"host\" or \"user@host\"");
            }
            List<String> args = policy.check(request.args());
            Target target = Target.parse(request.target());
            Optional<RollingPlan> plan = request.plan();
            Shard shard = fleet.shard();
            if (target.host().isPresent() && !shard.owns(target.host().get())) {
                throw new OtherShardException(
                        target.host().get(), shard.ownerOf(target.host().get()), shard);
            }
            FleetSnapshot snapshot = store.latest().orElseThrow(NotReadyException::new);
            return new Checked(
                    args,
                    target,
                    CommandTargets.resolve(snapshot, target, CommandPolicy.watcher(args)),
                    plan);
        } catch (BadInputException | OtherShardException e) {
            AUDIT.infof(
                    "who=%s target=%s args=%s outcome=refused message=\"%s\"",
                    who,
                    printable(request.target()),
                    printable(request.args()),
                    printable(e.getMessage()));
            throw e;
        }
    }

    /**
     * Sends the command to one pair and audits it. Once the service is stopping, a pair not yet
     * sent to is not sent to; once its sessions were cut, a command that failed was interrupted.
     */
    private CommandResult audited(
            CommandTargets.Pair pair, Checked checked, boolean dryRun, String who) {
        List<String> args = checked.args();
        InFlight.Entry entry =
                inFlight.begin(
                        who,
                        checked.target(),
                        pair,
                        CommandPolicy.action(args),
                        pairs.argv(pair, args));
        CommandResult result = null;
        try {
            if (stopping.stopping() && !dryRun) {
                result = notSent(pair, entry.argv);
            } else {
                result = pairs.run(pair, args, dryRun);
                if (stopping.wasCut()
                        && (result.outcome() == Outcome.FAILED
                                || result.outcome() == Outcome.TIMEOUT)) {
                    result = result.interrupted(CUT);
                }
            }
            return result;
        } finally {
            if (result != null && inFlight.claim(entry)) {
                audit(entry, result);
            }
            inFlight.end(entry);
        }
    }

    /** Why a command in flight was interrupted: its SSH session was closed under it. */
    static final String CUT = "the service stopped before the command ended";

    private static CommandResult notSent(CommandTargets.Pair pair, List<String> argv) {
        return CommandResult.notRun(
                pair.host(), pair.user(), argv, Outcome.INTERRUPTED, "not sent: " + Stopping.WHY);
    }

    /** One audit line for one pair's command, and its count. */
    private void audit(InFlight.Entry entry, CommandResult result) {
        AUDIT.infof(
                "who=%s target=%s host=%s user=%s argv=%s outcome=%s duration=%dms retries=%d%s",
                entry.who,
                entry.target,
                entry.pair.host(),
                entry.pair.user(),
                result.argv(),
                result.outcome().label(),
                result.durationMillis(),
                result.retries(),
                result.message() == null ? "" : " message=\"" + printable(result.message()) + "\"");
        counter(registry, entry.action, result.outcome()).increment();
        if (result.outcome() == Outcome.INTERRUPTED) {
            interrupted.incrementAndGet();
        }
    }

    /** Commands (per pair) the service's stop interrupted, or kept from being sent. */
    public int interrupted() {
        return interrupted.get();
    }

    /** The commands (per pair) being sent now. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Waits until no command is being sent, or the deadline passes.
     *
     * @return whether none is
     */
    public boolean awaitNoneInFlight(Deadline deadline) {
        try {
            return inFlight.awaitNone(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inFlight.size() == 0;
        }
    }

    /**
     * For the service's stop, once the sessions are cut: interrupts the commands' threads (a pause
     * between retries, a rolling command's settling), so that they end now.
     */
    public void interrupt() {
        workers.shutdownNow();
    }

    /**
     * For the service's stop: an audit line {@code outcome=interrupted} for each command still
     * being sent (its own thread will write none when it ends after all).
     *
     * @return how many
     */
    public int reportInterrupted() {
        List<InFlight.Entry> left = inFlight.takeUnreported();
        for (InFlight.Entry entry : left) {
            audit(
                    entry,
                    new CommandResult(
                            entry.pair.host(),
                            entry.pair.user(),
                            entry.argv,
                            null,
                            "",
                            "",
                            inFlight.age(entry).toMillis(),
                            Outcome.INTERRUPTED,
                            CUT + " (no answer came after its SSH session was closed)",
                            0));
        }
        return left.size();
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

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
