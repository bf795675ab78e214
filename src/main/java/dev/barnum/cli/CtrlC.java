package dev.barnum.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during a rolling command: the first stops it before its next batch (the running batch ends
 * and is reported); a second ends Barnum at once. The JVM's own handling comes back on close.
 */
final class CtrlC implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final AtomicBoolean pressed = new AtomicBoolean();
    private final SignalHandler previous;

    private CtrlC(PrintStream err) {
        this.previous = handle(err);
    }

    /**
     * @return the handler it replaced; null when the JVM keeps SIGINT to itself ({@code -Xrs}):
     *     Ctrl-C then ends Barnum as it always does
     */
    private SignalHandler handle(PrintStream err) {
        try {
            return Signal.handle(
                    INT,
                    signal -> {
                        if (pressed.getAndSet(true)) {
                            err.println(
                                    "barnum-cli: interrupted again: stopping now, without"
                                            + " reporting the running batch");
                            err.flush();
                            Runtime.getRuntime().halt(Operation.INTERRUPTED);
                        }
                        err.println(
                                "barnum-cli: interrupted: no further batch starts (Ctrl-C"
                                        + " again to stop at once)");
                        err.flush();
                    });
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static CtrlC watch(PrintStream err) {
        return new CtrlC(err);
    }

    boolean pressed() {
        return pressed.get();
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
