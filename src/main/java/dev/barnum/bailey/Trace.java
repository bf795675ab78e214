package dev.barnum.bailey;

import java.io.PrintStream;

/**
 * Where the verbose steps go: {@code barnum: ...} for the fleet, {@code bailey: ...} for a host.
 */
public interface Trace {

    Trace NONE = (who, line) -> {};

    void line(String who, String line);

    default void barnum(String line) {
        line("barnum", line);
    }

    default void bailey(String line) {
        line("bailey", line);
    }

    /**
     * Prints each step as it happens, whole lines only, so parallel hosts never interleave within a
     * line.
     */
    static Trace to(PrintStream stream) {
        return (who, line) -> {
            synchronized (stream) {
                stream.println(who + ": " + line);
                stream.flush();
            }
        };
    }
}
