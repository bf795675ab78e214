package dev.barnum.commands;

import dev.barnum.base.Deadline;
import dev.barnum.fleet.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The circus commands being sent now, one entry per (host, user), so that the service's stop can
 * wait for them and report those it had to interrupt. Each is reported (audited) exactly once: by
 * its own thread when it ends, or by the stop when it did not end in time, whichever claims it
 * first; a command counts as ended once reported.
 */
final class InFlight {

    /** One pair's command, from when it was taken up. */
    static final class Entry {
        final String who;
        final Target target;
        final CommandTargets.Pair pair;
        final String action;
        final List<String> argv;
        private final long started;
        private boolean reported;

        private Entry(
                String who,
                Target target,
                CommandTargets.Pair pair,
                String action,
                List<String> argv,
                long started) {
            this.who = who;
            this.target = target;
            this.pair = pair;
            this.action = action;
            this.argv = argv;
            this.started = started;
        }
    }

    private final Deadline.Ticker ticker;
    private final Set<Entry> entries = new LinkedHashSet<>();

    InFlight(Deadline.Ticker ticker) {
        this.ticker = ticker;
    }

    /** A command to {@code pair} is taken up now. */
    synchronized Entry begin(
            String who, Target target, CommandTargets.Pair pair, String action, List<String> argv) {
        Entry entry = new Entry(who, target, pair, action, argv, ticker.nanos());
        entries.add(entry);
        return entry;
    }

    /**
     * The command's thread is to report it, now that it ended: false when the stop reported it
     * already.
     */
    synchronized boolean claim(Entry entry) {
        boolean first = !entry.reported;
        entry.reported = true;
        return first;
    }

    /** The command ended, and was reported: whoever waits for the commands to end is told. */
    synchronized void end(Entry entry) {
        entries.remove(entry);
        notifyAll();
    }

    synchronized int size() {
        return entries.size();
    }

    /**
     * Waits until no command is being sent, or the deadline passes.
     *
     * @return whether none is
     * @throws InterruptedException when interrupted while waiting
     */
    synchronized boolean awaitNone(Deadline deadline) throws InterruptedException {
        while (!entries.isEmpty() && !deadline.passed()) {
            wait(deadline.millisLeft());
        }
        return entries.isEmpty();
    }

    /**
     * The commands still being sent and not reported yet, each now counted as reported: its thread
     * will not report it again when it ends.
     */
    synchronized List<Entry> takeUnreported() {
        List<Entry> taken = new ArrayList<>();
        for (Entry entry : entries) {
            if (!entry.reported) {
                entry.reported = true;
                taken.add(entry);
            }
        }
        return taken;
    }

    /** How long {@code entry}'s command has been running. */
    Duration age(Entry entry) {
        return Duration.ofNanos(ticker.nanos() - entry.started);
    }
}
