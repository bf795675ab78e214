package dev.barnum.logs;

/**
 * A log that cannot be shown, and why, in one line naming the log and the file: {@code no stdout
 * log for watcher1 of user1@host1: /users/user1/circus/host1/watcher1.stdout.log does not exist}.
 */
public final class LogUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a log is not shown. */
    public enum Why {
        /**
         * The circus.ini of the (user, host) defines no such watcher: the request names nothing.
         */
        UNKNOWN_WATCHER,
        /** The log file does not exist (yet, or any more). */
        MISSING,
        /**
         * The log is somewhere Barnum does not read (outside the user's circus home, in syslog), is
         * not a regular file, or cannot be read.
         */
        NOT_SERVED
    }

    private final Why why;

    public LogUnavailableException(Why why, String message) {
        super(message.replaceAll("[\\r\\n]+", " "));
        this.why = why;
    }

    public Why why() {
        return why;
    }

    /** The same refusal, its message starting with {@code context}. */
    LogUnavailableException about(String context) {
        return new LogUnavailableException(why, context + ": " + getMessage());
    }
}
