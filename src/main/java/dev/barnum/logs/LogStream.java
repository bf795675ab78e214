package dev.barnum.logs;

import java.util.Locale;

/** Which log of a (user, host): a watcher's standard output or error, or circusd's own log. */
public enum LogStream {
    STDOUT,
    STDERR,
    CIRCUS;

    /** {@code stdout}, {@code stderr}, {@code circus}: as the REST API and messages name it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
