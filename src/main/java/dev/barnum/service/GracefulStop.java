package dev.barnum.service;

import dev.barnum.base.Daemons;
import dev.barnum.base.Deadline;
import dev.barnum.commands.CommandService;
import dev.barnum.fleet.Fleet;
import dev.barnum.fleet.Stopping;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How {@code serve} stops (SIGTERM, Ctrl-C): within {@code quarkus.shutdown.timeout} (30 s), every
 * SSH session closed, every command in flight accounted for.
 *
 * <ol>
 *   <li>As Quarkus's shutdown begins: no poll and no circus command starts any more (REST answers
 *       503, JMX refuses, a rolling command stops before its next batch, the pairs of a command not
 *       sent to yet are not sent to); readiness goes down.
 *   <li>The running poll and the commands in flight get all but the last {@link #AFTER_CUT} of the
 *       timeout to end by themselves, while HTTP keeps serving (Quarkus waits the whole timeout for
 *       the REST requests in flight).
 *   <li>Then every SSH session and circus channel is closed, under whatever still runs: a command
 *       that fails from then on, or has not ended by the end of the timeout, is audited {@code
 *       outcome=interrupted}, and its REST request answers.
 * </ol>
 *
 * Nothing of this happens in one-off commands, which never start polling.
 */
@ApplicationScoped
public class GracefulStop {

    private static final Logger LOG = Logger.getLogger(GracefulStop.class);

    /** The end of the timeout kept for what was cut: to end, say so, and answer its caller. */
    static final Duration AFTER_CUT = Duration.ofSeconds(5);

    @Inject Stopping stopping;

    @Inject Poller poller;

    @Inject CommandService commands;

    @Inject Fleet fleet;

    @ConfigProperty(name = "quarkus.shutdown.timeout")
    Optional<Duration> timeout;

    private long began;
    private Duration grace;
    private Thread stopper;
    private int inFlightAtStop;

    /** Quarkus's shutdown begins: before it waits for the HTTP requests in flight. */
    void shutdownBegins(@Observes ShutdownDelayInitiatedEvent event) {
        begin();
    }

    /**
     * Quarkus stops the application, its HTTP requests done: the stop ends here, before any bean is
     * destroyed.
     */
    void shutdown(@Observes @Priority(1) ShutdownEvent event) {
        Thread running = begin();
        if (running == null) {
            return;
        }
        try {
            running.join(grace.plus(AFTER_CUT).plusSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How long the running poll and the commands in flight get to end by themselves: the timeout
     * but its last {@link #AFTER_CUT}.
     */
    static Duration grace(Optional<Duration> timeout) {
        Duration left = timeout.orElse(Duration.ZERO).minus(AFTER_CUT);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * @return the thread that stops the service; null when it has nothing to stop (no polling)
     */
    private synchronized Thread begin() {
        if (!poller.started()) {
            return null;
        }
        if (stopping.begin()) {
            began = System.nanoTime();
            grace = grace(timeout);
            poller.stop();
            inFlightAtStop = commands.inFlight();
            String now = running();
            LOG.infof(
                    "stopping: no poll and no circus command starts from now on; %s",
                    now.isEmpty()
                            ? "nothing runs"
                            : "waiting up to " + shown(grace) + " for " + now + " to end");
            Deadline cut = Deadline.after(grace);
            stopper = Daemons.named("barnum-stop").newThread(() -> stop(cut));
            stopper.start();
        }
        return stopper;
    }

    private void stop(Deadline cut) {
        boolean ended = poller.awaitIdle(cut) & commands.awaitNoneInFlight(cut);
        if (!ended) {
            stopping.cut();
            LOG.warnf(
                    "%s still running after %s: closing the SSH sessions under it",
                    running(), shown(grace));
        }
        int sessions = fleet.shutDown();
        commands.interrupt();
        Deadline end = Deadline.after(AFTER_CUT);
        commands.awaitNoneInFlight(end);
        poller.awaitIdle(end);
        commands.reportInterrupted();
        LOG.infof(
                "Barnum stopped cleanly in %d ms: %s closed; %s in flight at the stop, %d"
                        + " interrupted",
                Duration.ofNanos(System.nanoTime() - began).toMillis(),
                counted(sessions, "SSH session"),
                counted(inFlightAtStop, "command"),
                commands.interrupted());
    }

    /**
     * What runs now, in words: {@code the running poll and 2 commands in flight}; empty when
     * nothing does.
     */
    private String running() {
        List<String> what = new ArrayList<>();
        if (poller.progress().running()) {
            what.add("the running poll");
        }
        int inFlight = commands.inFlight();
        if (inFlight > 0) {
            what.add(counted(inFlight, "command") + " in flight");
        }
        return String.join(" and ", what);
    }

    private static String counted(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String shown(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
