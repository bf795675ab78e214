package dev.barnum.commands;

import dev.barnum.base.Deadline;
import dev.barnum.circus.WatcherState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A circus command over many pairs, one batch at a time: each batch's commands at once, then its
 * watchers checked with circus until they are back in the state the command asked for (or the
 * settle time ran out), then the failure count judged before the next batch starts. The one
 * implementation of every surface (CLI, REST, JMX); how a pair is commanded and asked is given.
 */
public final class Rollout {

    /** Told as the command progresses, for the CLI's report and the audit log. */
    public interface Listener {
        /**
         * @param pairs {@code user@host} of each pair of the batch, in order
         */
        default void batchStarting(int batch, int batches, List<String> pairs) {}

        default void batchDone(int batch, int batches, List<RolledPair> results) {}

        Listener NONE = new Listener() {};
    }

    /** How often a settling watcher is asked again. */
    static final Duration SETTLE_POLL = Duration.ofMillis(250);

    /** How often a pause between batches looks whether it was cancelled. */
    private static final Duration CANCEL_POLL = Duration.ofMillis(100);

    private final Function<CommandTargets.Pair, CommandResult> command;
    private final Function<CommandTargets.Pair, PairCommands.Statuses> statuses;
    private final Executor workers;
    private final Deadline.Ticker ticker;

    /**
     * @param command sends the (checked) command to one pair
     * @param statuses asks one pair's circusd for its watchers' states
     */
    Rollout(
            Function<CommandTargets.Pair, CommandResult> command,
            Function<CommandTargets.Pair, PairCommands.Statuses> statuses,
            Executor workers,
            Deadline.Ticker ticker) {
        this.command = command;
        this.statuses = statuses;
        this.workers = workers;
        this.ticker = ticker;
    }

    /**
     * @param pairs in the order the batches take them
     * @param args the checked circus command: what it asks for decides what settling means
     * @param cancelled asked before each batch (and during a pause): true stops the command there
     *     ({@code cancelled before batch N of M})
     */
    RollingResult run(
            List<CommandTargets.Pair> pairs,
            List<String> args,
            RollingPlan plan,
            BooleanSupplier cancelled,
            Listener listener) {
        return run(
                pairs,
                args,
                plan,
                () -> cancelled.getAsBoolean() ? Optional.of("cancelled") : Optional.empty(),
                listener);
    }

    /**
     * @param halt asked before each batch (and during a pause): why the command stops there ({@code
     *     WHY before batch N of M}); empty to go on
     */
    RollingResult run(
            List<CommandTargets.Pair> pairs,
            List<String> args,
            RollingPlan plan,
            Supplier<Optional<String>> halt,
            Listener listener) {
        List<List<CommandTargets.Pair>> batches = batches(pairs, plan.batch());
        int allowed = plan.maxFailures().limitOf(pairs.size());
        Optional<WatcherState> expected = expected(CommandPolicy.action(args));
        Optional<String> watcher = CommandPolicy.watcher(args);
        List<RolledPair> ran = new ArrayList<>();
        int failures = 0;
        String stopped = null;
        int index = 0;
        for (; index < batches.size(); index++) {
            if (index > 0 && !plan.pause().isZero()) {
                pause(plan.pause(), halt);
            }
            Optional<String> why = halt.get();
            if (why.isPresent()) {
                stopped = why.get() + " before batch " + (index + 1) + " of " + batches.size();
                break;
            }
            int number = index + 1;
            listener.batchStarting(
                    number,
                    batches.size(),
                    batches.get(index).stream().map(p -> p.user() + "@" + p.host()).toList());
            List<RolledPair> results =
                    batches.get(index).stream()
                            .map(
                                    pair ->
                                            CompletableFuture.supplyAsync(
                                                    () ->
                                                            settled(
                                                                    number,
                                                                    pair,
                                                                    command.apply(pair),
                                                                    expected,
                                                                    watcher,
                                                                    plan.settle()),
                                                    workers))
                            .toList()
                            .stream()
                            .map(CompletableFuture::join)
                            .toList();
            ran.addAll(results);
            failures += (int) results.stream().filter(RolledPair::failed).count();
            listener.batchDone(number, batches.size(), results);
            if (failures > allowed) {
                index++;
                if (index < batches.size()) {
                    stopped =
                            failures
                                    + (failures == 1 ? " pair" : " pairs")
                                    + " failed, more than --max-failures "
                                    + plan.maxFailures()
                                    + " allows ("
                                    + allowed
                                    + " of "
                                    + pairs.size()
                                    + ")";
                }
                break;
            }
        }
        List<RollingResult.NotStarted> notStarted = new ArrayList<>();
        for (int b = index; b < batches.size(); b++) {
            for (CommandTargets.Pair pair : batches.get(b)) {
                notStarted.add(new RollingResult.NotStarted(b + 1, pair.host(), pair.user()));
            }
        }
        return new RollingResult(
                args,
                plan.batch().toString(),
                plan.maxFailures().toString(),
                plan.settle().toMillis(),
                plan.pause().toMillis(),
                allowed,
                batches.size(),
                index,
                failures,
                List.copyOf(ran),
                List.copyOf(notStarted),
                stopped);
    }

    /** The pairs cut into batches of the plan's size, in their order. */
    static List<List<CommandTargets.Pair>> batches(List<CommandTargets.Pair> pairs, Share batch) {
        int size = batch.batchOf(pairs.size());
        List<List<CommandTargets.Pair>> batches = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += size) {
            batches.add(List.copyOf(pairs.subList(i, Math.min(pairs.size(), i + size))));
        }
        return batches;
    }

    /**
     * The state a command leaves its watchers in: stopped after {@code stop}; active after what
     * starts or changes processes; none for what only reads.
     */
    static Optional<WatcherState> expected(String action) {
        return switch (action) {
            case "stop" -> Optional.of(WatcherState.STOPPED);
            case "start", "restart", "reload", "incr", "decr" -> Optional.of(WatcherState.ACTIVE);
            default -> Optional.empty();
        };
    }

    private RolledPair settled(
            int batch,
            CommandTargets.Pair pair,
            CommandResult result,
            Optional<WatcherState> expected,
            Optional<String> watcher,
            Duration settle) {
        if (result.outcome() != Outcome.OK) {
            return new RolledPair(
                    batch,
                    result,
                    RolledPair.Settling.UNCHECKED,
                    "command " + result.outcome().label());
        }
        if (expected.isEmpty()) {
            return new RolledPair(
                    batch, result, RolledPair.Settling.UNCHECKED, "the command changes no state");
        }
        Deadline deadline = Deadline.after(settle, ticker);
        while (true) {
            PairCommands.Statuses now = statuses.apply(pair);
            Optional<String> off =
                    now.states().isPresent()
                            ? judge(now.states().get(), watcher, expected.get())
                            : Optional.of(
                                    "circusd did not tell its watchers' states: " + now.why());
            if (off.isEmpty()) {
                return new RolledPair(
                        batch,
                        result,
                        RolledPair.Settling.SETTLED,
                        watcher.orElse("every watcher") + " " + expected.get().label());
            }
            if (deadline.passed() || !sleep(min(SETTLE_POLL, deadline.left()))) {
                return new RolledPair(
                        batch,
                        result,
                        RolledPair.Settling.UNSETTLED,
                        off.get() + " after " + settle.toMillis() + " ms");
            }
        }
    }

    /**
     * @return what keeps the watchers from counting as settled; empty when they are all in the
     *     expected state
     */
    static Optional<String> judge(
            SortedMap<String, WatcherState> states,
            Optional<String> watcher,
            WatcherState expected) {
        List<String> touched =
                states.keySet().stream()
                        .filter(w -> watcher.map(n -> CommandPolicy.matches(n, w)).orElse(true))
                        .toList();
        if (touched.isEmpty()) {
            return Optional.of(
                    watcher.map(w -> "no watcher " + w + " in circusd's status")
                            .orElse("circusd has no watcher"));
        }
        List<String> off = new ArrayList<>();
        for (String w : touched) {
            if (states.get(w) != expected) {
                off.add(w + " " + states.get(w).label());
            }
        }
        return off.isEmpty()
                ? Optional.empty()
                : Optional.of(String.join(", ", off) + " (expected " + expected.label() + ")");
    }

    private void pause(Duration pause, Supplier<Optional<String>> halt) {
        Deadline end = Deadline.after(pause, ticker);
        while (halt.get().isEmpty() && !end.passed()) {
            if (!sleep(min(CANCEL_POLL, end.left()))) {
                return;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * @return false when interrupted (the interrupt kept)
     */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
