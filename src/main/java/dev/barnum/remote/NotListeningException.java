package dev.barnum.remote;

/** Nothing accepts connections at the socket a link was asked for (sshd's "connect failed"). */
public final class NotListeningException extends ShellException {

    public NotListeningException(String message) {
        super(Reason.COMMAND, message);
    }
}
