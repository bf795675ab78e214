package dev.barnum.circus.wire;

import dev.barnum.remote.Link;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One ZMTP connection of Barnum's (a DEALER or a SUB) over any byte link: Barnum writes to the link
 * given to {@link #start}; whoever receives the peer's bytes writes them to {@link #inbound()},
 * which decodes them in the receiving thread without ever blocking it; closing it means the peer
 * closed. Once it failed (a protocol error, bytes beyond the bounds, a peer of the wrong type) it
 * stays failed and tells {@code failed} once.
 */
final class ZmtpConnection {

    /** Replies and events are small; a {@code stats} of many processes is the largest. */
    static final int MAX_FRAME = 8 << 20;

    private final String socketType;
    private final Set<String> peerTypes;
    private volatile Link link;
    private final Object sending = new Object();
    private final Consumer<List<byte[]>> messages;
    private final Consumer<String> failed;
    private final ZmtpDecoder decoder;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String failure;

    /**
     * @param peerTypes the peer socket types this one works with
     * @param messages each whole message, in the receiving thread
     * @param failed why the connection cannot go on, once
     */
    ZmtpConnection(
            String socketType,
            Set<String> peerTypes,
            Consumer<List<byte[]>> messages,
            Consumer<String> failed) {
        this.socketType = socketType;
        this.peerTypes = peerTypes;
        this.messages = messages;
        this.failed = failed;
        this.decoder =
                new ZmtpDecoder(
                        new ZmtpDecoder.Listener() {
                            @Override
                            public void ready(String peer) throws ZmtpException {
                                if (!peerTypes.contains(peer)) {
                                    throw new ZmtpException(
                                            "the peer is a "
                                                    + peer
                                                    + " socket, not "
                                                    + String.join(" or ", peerTypes));
                                }
                                ready.countDown();
                            }

                            @Override
                            public void message(List<byte[]> frames) {
                                ZmtpConnection.this.messages.accept(frames);
                            }
                        },
                        MAX_FRAME,
                        16);
    }

    /**
     * Sends this side's greeting and READY to {@code out} (the NULL mechanism has nothing to wait
     * for); every later message goes there too.
     */
    void start(Link link) throws IOException {
        this.link = link;
        synchronized (sending) {
            OutputStream out = link.out();
            out.write(Zmtp.greeting());
            out.write(Zmtp.ready(socketType));
            out.flush();
        }
    }

    /**
     * Waits for the peer's READY.
     *
     * @throws IOException when the connection failed, or the peer is not ready in time
     */
    void awaitReady(Duration timeout) throws IOException {
        try {
            if (!ready.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                String why = failure;
                throw new IOException(
                        why != null
                                ? why
                                : "no ZMTP handshake within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the ZMTP handshake");
        }
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    /** Sends one message (the handshake must be done). */
    void send(byte[]... frames) throws IOException {
        sendRaw(Zmtp.message(frames));
    }

    /** Sends bytes as they are (a subscription). */
    void sendRaw(byte[] bytes) throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        synchronized (sending) {
            OutputStream to = link.out();
            to.write(bytes);
            to.flush();
        }
    }

    /**
     * Lets the link's sending buffers go until the next send (see {@link Link#stopSending}): a
     * channel that sends a few requests per poll need not hold them in between.
     */
    void idle() {
        synchronized (sending) {
            Link open = link;
            if (open != null) {
                open.stopSending();
            }
        }
    }

    /** Why the connection failed, or null. */
    String failure() {
        return failure;
    }

    /** Marks the connection failed (once) and tells why. */
    void fail(String why) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = why;
        }
        ready.countDown();
        failed.accept(why);
    }

    /**
     * Where the peer's bytes go. Never throws to the thread that writes them (an SSH session's
     * reader, shared by every channel of its host): a failure is recorded and told instead.
     */
    OutputStream inbound() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                if (failure != null) {
                    return; // drained: a failed connection must not hold up the others
                }
                try {
                    decoder.feed(bytes, off, len);
                } catch (ZmtpException e) {
                    fail("circusd broke ZMTP: " + e.getMessage());
                } catch (RuntimeException e) {
                    fail("circusd's answer could not be read: " + e);
                }
            }

            @Override
            public void close() {
                fail("circusd closed the connection");
            }
        };
    }
}
