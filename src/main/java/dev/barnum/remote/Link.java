package dev.barnum.remote;

import java.io.Closeable;
import java.io.OutputStream;

/**
 * A byte link to a socket on a host (a circusd's): an SSH channel in production, a TCP socket in
 * tests. The peer's bytes are pushed to the inbound stream given when it was opened.
 */
public interface Link extends Closeable {

    /** Where Barnum's bytes go; {@code flush} sends them. Not for several threads at once. */
    OutputStream out();

    /**
     * Barnum sends nothing for now: the sending side's buffers may go until {@link #out()} is asked
     * again (an SSH channel's output stream keeps a buffer of the peer's packet size, 32 KiB with
     * OpenSSH, for as long as it is held: two thousand channels that mostly wait would keep 64
     * MiB). The peer's bytes still arrive.
     */
    default void stopSending() {}

    /** Ends the link; the peer's bytes stop arriving. Never throws. */
    @Override
    void close();

    /** Opens links to one circusd socket. */
    @FunctionalInterface
    interface Opener {
        /**
         * @param inbound where every byte the peer sends must be written, as it arrives; closed
         *     when the peer closes
         * @throws ShellException when the link cannot be opened ({@link NotListeningException},
         *     {@link ForwardingRefusedException}, the host unreachable)
         */
        Link open(OutputStream inbound) throws ShellException;
    }
}
