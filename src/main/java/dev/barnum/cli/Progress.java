package dev.barnum.cli;

import dev.barnum.base.Daemons;
import dev.barnum.base.Deadline;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line on stderr for a person waiting at a terminal: {@code polled 120/200 hosts, 3 unreachable},
 * once the run has taken a second, rewritten in place (carriage return, then erase to the end of
 * the line) as hosts answer, and erased when the run ends, before the report. Only where stderr is
 * a terminal, in text output and without {@code --verbose} (whose own lines tell the steps): never
 * in a pipe, a file or a JSON run ({@link #NONE}).
 */
final class Progress implements AutoCloseable {

    /** How long a run goes on before it shows its progress. */
    static final Duration AFTER = Duration.ofSeconds(1);

    private static final long EVERY_MILLIS = 100;
    private static final String ERASE_TO_END = "\033[K";

    /** Shows nothing. */
    static final Progress NONE = new Progress(null, () -> 0, "", 0);

    private final PrintStream err;
    private final Deadline.Ticker ticker;
    private final long started;
    private final String verb;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger unreachable = new AtomicInteger();
    private ScheduledExecutorService timer;
    private String shown = "";
    private boolean closed;

    /**
     * @param verb what is done to each host ({@code polled})
     */
    Progress(PrintStream err, Deadline.Ticker ticker, String verb, int total) {
        this.err = err;
        this.ticker = ticker;
        this.started = ticker.nanos();
        this.verb = verb;
        this.total = total;
    }

    /**
     * A progress line on {@code err} when {@code shown}, redrawn every 100 ms; else {@link #NONE}.
     */
    static Progress on(boolean shown, PrintStream err, String verb, int total) {
        if (!shown) {
            return NONE;
        }
        Progress progress = new Progress(err, Deadline.Ticker.SYSTEM, verb, total);
        progress.timer =
                Executors.newSingleThreadScheduledExecutor(Daemons.named("barnum-progress"));
        progress.timer.scheduleWithFixedDelay(
                progress::tick, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return progress;
    }

    /** One host is done: it answered ({@code reached}) or could not be reached. */
    void host(boolean reached) {
        done.incrementAndGet();
        if (!reached) {
            unreachable.incrementAndGet();
        }
    }

    /** Shows the line as it is now, if the run has taken long enough and it changed. */
    synchronized void tick() {
        if (err == null || closed || ticker.nanos() - started < AFTER.toNanos()) {
            return;
        }
        String line = line();
        if (!line.equals(shown)) {
            err.print("\r" + line + ERASE_TO_END);
            err.flush();
            shown = line;
        }
    }

    String line() {
        return verb
                + " "
                + done.get()
                + "/"
                + total
                + " hosts, "
                + unreachable.get()
                + " unreachable";
    }

    /** Stops redrawing and erases the line, if it was shown. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        if (!shown.isEmpty()) {
            err.print("\r" + ERASE_TO_END);
            err.flush();
            shown = "";
        }
    }
}
