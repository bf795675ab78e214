package dev.barnum.commands;

/** The service has no snapshot yet: the first poll has not completed. */
public final class NotReadyException extends RuntimeException {

    public NotReadyException() {
        super("no poll of the fleet has completed yet");
    }
}
