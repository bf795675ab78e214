package dev.barnum.circus.wire;

import java.io.IOException;

/** circusd did not answer in time (or nothing listens: ZeroMQ connects lazily, as circusctl). */
public final class NoAnswerException extends IOException {

    public NoAnswerException(String message) {
        super(message);
    }
}
