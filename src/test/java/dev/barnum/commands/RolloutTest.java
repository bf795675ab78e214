package dev.barnum.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.circus.WatcherState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RolloutTest {

    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    /** A monotonic clock that moves a second each time a circusd is asked: no test waits. */
    private final AtomicLong nanos = new AtomicLong();

    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, WatcherState> web = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    private static List<CommandTargets.Pair> pairs(String... names) {
        List<CommandTargets.Pair> pairs = new ArrayList<>();
        for (String name : names) {
            String[] parts = name.split("@");
            pairs.add(
                    new CommandTargets.Pair(
                            parts[1],
                            parts[0],
                            Optional.of("tcp://127.0.0.1:5555"),
                            Set.of("web"),
                            null));
        }
        return pairs;
    }

    private Rollout rollout() {
        Function<CommandTargets.Pair, CommandResult> command =
                pair -> {
                    String name = pair.user() + "@" + pair.host();
                    sent.add(name);
                    return new CommandResult(
                            pair.host(),
                            pair.user(),
                            List.of("circus"),
                            null,
                            "{\"status\": \"ok\"}",
                            "",
                            1,
                            outcomes.getOrDefault(name, Outcome.OK),
                            null,
                            0);
                };
        return new Rollout(
                command,
                pair -> {
                    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
                    if (silent.contains(pair.user() + "@" + pair.host())) {
                        return new PairCommands.Statuses(
                                Optional.empty(), "timeout: circusd did not answer");
                    }
                    WatcherState state =
                            web.getOrDefault(pair.user() + "@" + pair.host(), WatcherState.ACTIVE);
                    return new PairCommands.Statuses(
                            Optional.of(
                                    new TreeMap<>(
                                            Map.of("web", state, "db", WatcherState.STOPPED))),
                            "");
                },
                workers,
                nanos::get);
    }

    private static RollingPlan plan(String batch, String maxFailures) {
        return RollingPlan.of(batch, maxFailures, "3s", null).orElseThrow();
    }

    @Test
    void runsTheBatchesInOrderEachAfterThePreviousSettled() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        RollingResult result =
                rollout()
                        .run(
                                pairs("u1@h1", "u2@h1", "u1@h2", "u2@h2", "u1@h3"),
                                List.of("restart", "web"),
                                plan("2", null),
                                () -> false,
                                new Rollout.Listener() {
                                    @Override
                                    public void batchStarting(
                                            int batch, int batches, List<String> pairs) {
                                        events.add("start " + batch + "/" + batches + " " + pairs);
                                    }

                                    @Override
                                    public void batchDone(
                                            int batch, int batches, List<RolledPair> results) {
                                        events.add("done " + batch + " " + results.size());
                                    }
                                });

        assertThat(events)
                .containsExactly(
                        "start 1/3 [u1@h1, u2@h1]",
                        "done 1 2",
                        "start 2/3 [u1@h2, u2@h2]",
                        "done 2 2",
                        "start 3/3 [u1@h3]",
                        "done 3 1");
        assertThat(sent.subList(0, 2)).containsExactlyInAnyOrder("u1@h1", "u2@h1");
        assertThat(sent.subList(2, 4)).containsExactlyInAnyOrder("u1@h2", "u2@h2");
        assertThat(result.ok()).isTrue();
        assertThat(result.batchesRun()).isEqualTo(3);
        assertThat(result.ran()).extracting(RolledPair::batch).containsExactly(1, 1, 2, 2, 3);
        assertThat(result.ran())
                .allSatisfy(
                        p -> {
                            assertThat(p.settling()).isEqualTo(RolledPair.Settling.SETTLED);
                            assertThat(p.settled()).isEqualTo("web active");
                        });
        assertThat(result.notStarted()).isEmpty();
        assertThat(result.stopped()).isNull();
    }

    @Test
    void aWatcherThatNeverSettlesFailsItsPairAndStopsTheNextBatches() {
        web.put("u2@h1", WatcherState.STOPPED);

        RollingResult result =
                rollout()
                        .run(
                                pairs("u1@h1", "u2@h1", "u1@h2", "u2@h2", "u1@h3"),
                                List.of("restart", "web"),
                                plan("2", "0"),
                                () -> false,
                                Rollout.Listener.NONE);

        assertThat(sent).containsExactlyInAnyOrder("u1@h1", "u2@h1");
        assertThat(result.failures()).isEqualTo(1);
        RolledPair stuck =
                result.ran().stream()
                        .filter(p -> p.command().user().equals("u2"))
                        .findFirst()
                        .get();
        assertThat(stuck.settling()).isEqualTo(RolledPair.Settling.UNSETTLED);
        assertThat(stuck.settled()).isEqualTo("web stopped (expected active) after 3000 ms");
        assertThat(stuck.failed()).isTrue();
        assertThat(result.batchesRun()).isEqualTo(1);
        assertThat(result.notStarted())
                .containsExactly(
                        new RollingResult.NotStarted(2, "h2", "u1"),
                        new RollingResult.NotStarted(2, "h2", "u2"),
                        new RollingResult.NotStarted(3, "h3", "u1"));
        assertThat(result.stopped())
                .isEqualTo("1 pair failed, more than --max-failures 0 allows (0 of 5)");
        assertThat(result.ok()).isFalse();
    }

    @Test
    void failuresUpToTheLimitLetEveryBatchRun() {
        outcomes.put("u1@h1", Outcome.ERROR);
        web.put("u1@h2", WatcherState.STARTING);

        RollingResult result =
                rollout()
                        .run(
                                pairs("u1@h1", "u1@h2", "u1@h3", "u1@h4"),
                                List.of("restart", "web"),
                                plan("25%", "50%"),
                                () -> false,
                                Rollout.Listener.NONE);

        assertThat(result.batches()).isEqualTo(4);
        assertThat(result.allowedFailures()).isEqualTo(2);
        assertThat(result.failures()).isEqualTo(2);
        assertThat(result.batchesRun()).isEqualTo(4);
        assertThat(result.stopped()).isNull();
        assertThat(result.ran().get(0).settling()).isEqualTo(RolledPair.Settling.UNCHECKED);
        assertThat(result.ok()).isFalse();
    }

    @Test
    void cancellingStopsBeforeTheNextBatchAndSaysSo() {
        RollingResult result =
                rollout()
                        .run(
                                pairs("u1@h1", "u1@h2", "u1@h3"),
                                List.of("stop", "db"),
                                plan("1", null),
                                () -> sent.size() >= 1,
                                Rollout.Listener.NONE);

        assertThat(sent).containsExactly("u1@h1");
        assertThat(result.ran())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.settling()).isEqualTo(RolledPair.Settling.SETTLED);
                            assertThat(p.settled()).isEqualTo("db stopped");
                        });
        assertThat(result.stopped()).isEqualTo("cancelled before batch 2 of 3");
        assertThat(result.notStarted())
                .extracting(RollingResult.NotStarted::host)
                .containsExactly("h2", "h3");
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aStoppingServiceEndsThePauseBetweenBatchesAndSaysWhy() {
        RollingResult result =
                rollout()
                        .run(
                                pairs("u1@h1", "u1@h2", "u1@h3"),
                                List.of("stop", "db"),
                                RollingPlan.of("1", null, "3s", "1h").orElseThrow(),
                                () ->
                                        sent.isEmpty()
                                                ? Optional.empty()
                                                : Optional.of("the service is stopping"),
                                Rollout.Listener.NONE);

        assertThat(sent).containsExactly("u1@h1");
        assertThat(result.stopped()).isEqualTo("the service is stopping before batch 2 of 3");
        assertThat(result.batchesRun()).isEqualTo(1);
        assertThat(result.notStarted())
                .extracting(RollingResult.NotStarted::host)
                .containsExactly("h2", "h3");
    }

    @Test
    void aCommandThatOnlyReadsIsNotSettledAndASkippedPairIsNoFailure() {
        outcomes.put("u1@h2", Outcome.SKIPPED);
        AtomicLong before = new AtomicLong(nanos.get());

        RollingResult result =
                rollout()
                        .run(
                                pairs("u1@h1", "u1@h2"),
                                List.of("stats"),
                                plan("1", "0"),
                                () -> false,
                                Rollout.Listener.NONE);

        assertThat(nanos.get()).as("no circusd asked for its status").isEqualTo(before.get());
        assertThat(result.ran())
                .allSatisfy(p -> assertThat(p.settling()).isEqualTo(RolledPair.Settling.UNCHECKED));
        assertThat(result.failures()).isZero();
        assertThat(result.ok()).isTrue();
    }

    @Test
    void batchesOfAPercentageRoundUpAndFailureLimitsRoundDown() {
        assertThat(Rollout.batches(pairs("a@h", "b@h", "c@h", "d@h", "e@h"), new Share(50, true)))
                .extracting(List::size)
                .containsExactly(3, 2);
        assertThat(new Share(1, true).batchOf(5)).isEqualTo(1);
        assertThat(new Share(10, true).limitOf(25)).isEqualTo(2);
        assertThat(new Share(3, false).limitOf(25)).isEqualTo(3);
    }

    @Test
    void whatEachCommandAsksItsWatchersToBe() {
        assertThat(Rollout.expected("stop")).contains(WatcherState.STOPPED);
        for (String action : List.of("start", "restart", "reload", "incr", "decr")) {
            assertThat(Rollout.expected(action)).contains(WatcherState.ACTIVE);
        }
        assertThat(Rollout.expected("status")).isEmpty();
        assertThat(
                        Rollout.judge(
                                new TreeMap<>(
                                        Map.of(
                                                "web1",
                                                WatcherState.ACTIVE,
                                                "web2",
                                                WatcherState.STOPPED)),
                                Optional.of("web*"),
                                WatcherState.ACTIVE))
                .contains("web2 stopped (expected active)");
        assertThat(
                        Rollout.judge(
                                new TreeMap<>(Map.of("db", WatcherState.ACTIVE)),
                                Optional.of("web"),
                                WatcherState.ACTIVE))
                .contains("no watcher web in circusd's status");
    }

    @Test
    void whatFailsAPairAndWhatDoesNot() {
        for (Outcome outcome : Outcome.values()) {
            RolledPair pair =
                    new RolledPair(
                            1,
                            CommandResult.notRun("h", "u", List.of(), outcome, null),
                            RolledPair.Settling.UNCHECKED,
                            "");
            assertThat(pair.failed())
                    .as(outcome.label())
                    .isEqualTo(
                            List.of(
                                            Outcome.ERROR,
                                            Outcome.FAILED,
                                            Outcome.TIMEOUT,
                                            Outcome.INTERRUPTED)
                                    .contains(outcome));
        }
        RolledPair unsettled =
                new RolledPair(
                        1,
                        CommandResult.notRun("h", "u", List.of(), Outcome.OK, null),
                        RolledPair.Settling.UNSETTLED,
                        "web stopped");
        assertThat(unsettled.failed()).isTrue();
    }

    @Test
    void aCircusdThatStopsAnsweringAfterTheCommandDoesNotSettle() {
        silent.add("u1@h1");

        RollingResult result =
                rollout()
                        .run(
                                pairs("u1@h1"),
                                List.of("restart", "web"),
                                plan("1", "0"),
                                () -> false,
                                Rollout.Listener.NONE);

        assertThat(result.ran())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.settling()).isEqualTo(RolledPair.Settling.UNSETTLED);
                            assertThat(p.settled())
                                    .isEqualTo(
                                            "circusd did not tell its watchers' states: timeout:"
                                                    + " circusd did not answer after 3000 ms");
                        });
        assertThat(result.failures()).isEqualTo(1);
    }
}
