package dev.barnum.remote;

/**
 * A host could not run a command at all; carries the reason. Caught per host, never out of a poll.
 */
public class ShellException extends Exception {

    private final Reason reason;

    public ShellException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ShellException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
