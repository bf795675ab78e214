package dev.barnum.circus.wire;

import java.io.IOException;

/** The peer broke ZMTP, or sent more than Barnum accepts: the connection cannot go on. */
public final class ZmtpException extends IOException {

    public ZmtpException(String message) {
        super(message);
    }
}
