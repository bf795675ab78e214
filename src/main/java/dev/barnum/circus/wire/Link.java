package dev.barnum.circus.wire;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** A byte link to a circusd socket: an SSH channel in production, a TCP socket in tests. */
public interface Link extends Closeable {

    /** Where Barnum's bytes go; {@code flush} sends them. */
    OutputStream out();

    /** Ends the link; the peer's bytes stop arriving. Never throws. */
    @Override
    void close();

    /** Opens links to one circusd socket. */
    @FunctionalInterface
    interface Opener {
        /**
         * @param inbound where every byte the peer sends must be written, as it arrives; closed
         *     when the peer closes
         * @throws IOException when the link cannot be opened (nothing listens, forwarding refused)
         */
        Link open(OutputStream inbound) throws IOException;
    }
}
