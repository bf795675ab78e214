package dev.barnum.remote;

import java.io.Closeable;
import java.io.OutputStream;

/**
 * A byte link to a socket on a host (a circusd's): an SSH channel in production, a TCP socket in
 * tests. The peer's bytes are pushed to the inbound stream given when it was opened.
 */
public interface Link extends Closeable {

    /** Where Barnum's bytes go; {@code flush} sends them. */
    OutputStream out();

    /**
     * Barnum will send nothing more: the sending side's buffers may go (an SSH channel's output
     * stream keeps a buffer of the peer's packet size, 32 KiB with OpenSSH, for as long as it is
     * held: a thousand subscriptions that only receive would keep 32 MiB). The peer's bytes still
     * arrive. After it, {@link #out()} must not be used.
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
