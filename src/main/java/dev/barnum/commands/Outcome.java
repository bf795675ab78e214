package dev.barnum.commands;

import java.util.Locale;

/** How one circus command ended. */
public enum Outcome {
    /** circusd accepted it. */
    OK,
    /** circusd answered with an error. */
    ERROR,
    /** It could not run: the host or circusctl failed. */
    FAILED,
    /** circusd, or the host, did not answer in time. */
    TIMEOUT,
    /**
     * The service stopped (SIGTERM) before the command ended, and its SSH session was closed under
     * it (circusd may have carried it out), or before it was sent.
     */
    INTERRUPTED,
    /** Not sent to this (host, user): its circus is not running, or lacks the watcher. */
    SKIPPED,
    /** Not sent: a dry run. */
    DRY_RUN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
