package dev.barnum.commands;

/**
 * The service cannot take the request now: the first poll has not completed (it has no snapshot
 * yet), or it is stopping.
 */
public final class NotReadyException extends RuntimeException {

    public NotReadyException() {
        this("no poll of the fleet has completed yet");
    }

    public NotReadyException(String why) {
        super(why);
    }
}
