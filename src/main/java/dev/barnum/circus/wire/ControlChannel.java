package dev.barnum.circus.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barnum.circus.CircusReply;
import dev.barnum.config.Shown;
import dev.barnum.remote.Link;
import dev.barnum.remote.ShellException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DEALER to one circusd's control socket, as circusctl is, kept open: each request one JSON frame
 * with an {@code id} of its own, each reply matched back by that {@code id} and waited for under
 * its own timeout, so requests may overlap and a late reply is dropped. A reply that is not
 * circus's JSON fails the channel and every request waiting on it; a new channel is then opened.
 */
public final class ControlChannel implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Requests waiting at once; more is a caller's bug, not a reason to grow without bound. */
    private static final int MAX_PENDING = 256;

    private static final AtomicLong IDS = new AtomicLong();

    private final Map<String, CompletableFuture<CircusReply>> pending = new ConcurrentHashMap<>();
    private final ZmtpConnection connection;
    private volatile Link link;

    private ControlChannel() {
        this.connection =
                new ZmtpConnection("DEALER", java.util.Set.of("ROUTER"), this::reply, this::failed);
    }

    /**
     * Opens the link, sends the handshake and waits for circusd's.
     *
     * @throws NoAnswerException when circusd does not complete the handshake in time
     * @throws ShellException when the link cannot be opened (see {@link Link.Opener})
     * @throws IOException when the peer is not a circusd
     */
    public static ControlChannel open(Link.Opener opener, Duration timeout)
            throws IOException, ShellException {
        ControlChannel channel = new ControlChannel();
        channel.link = opener.open(channel.connection.inbound());
        try {
            channel.connection.start(channel.link);
            channel.connection.awaitReady(timeout);
        } catch (IOException e) {
            // the peer may have broken the protocol while this thread was still writing: its
            // reason is the one to tell, not the closed socket it left
            String broken = channel.connection.failure();
            channel.close();
            throw broken != null
                    ? new IOException(broken, e)
                    : new NoAnswerException(e.getMessage());
        }
        return channel;
    }

    /**
     * Sends one command and waits for its reply.
     *
     * @param properties the command's properties; empty sends none
     * @throws NoAnswerException when no reply comes within {@code timeout}
     * @throws IOException when the channel failed before or while waiting
     */
    public CircusReply call(String command, Map<String, ?> properties, Duration timeout)
            throws IOException {
        return send(command, properties).await(timeout);
    }

    /**
     * Sends one command without waiting: several may be sent, then their replies awaited.
     *
     * @throws IOException when the channel failed, or too many requests wait already
     */
    public Request send(String command, Map<String, ?> properties) throws IOException {
        if (pending.size() >= MAX_PENDING) {
            throw new IOException("too many circus requests waiting on one channel");
        }
        String id = "barnum-" + IDS.incrementAndGet();
        ObjectNode request = JSON.createObjectNode();
        request.put("command", command);
        if (!properties.isEmpty()) {
            request.set("properties", JSON.valueToTree(properties));
        }
        request.put("id", id);
        CompletableFuture<CircusReply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            connection.send(JSON.writeValueAsBytes(request));
        } catch (IOException e) {
            pending.remove(id);
            throw e;
        }
        return new Request(command, id, reply);
    }

    /** A command sent, whose reply is awaited once. */
    public final class Request {
        private final String command;
        private final String id;
        private final CompletableFuture<CircusReply> reply;

        private Request(String command, String id, CompletableFuture<CircusReply> reply) {
            this.command = command;
            this.id = id;
            this.reply = reply;
        }

        /**
         * @throws NoAnswerException when no reply comes within {@code timeout}
         * @throws IOException when the channel failed before or while waiting
         */
        public CircusReply await(Duration timeout) throws IOException {
            try {
                return reply.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new NoAnswerException(
                        "circusd did not answer "
                                + command
                                + " within "
                                + timeout.toMillis()
                                + " ms");
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for circusd");
            } finally {
                pending.remove(id);
            }
        }
    }

    /**
     * Nothing more is sent for now (the poll asked what it wanted): the link's sending buffers may
     * go until the next request.
     */
    public void idle() {
        connection.idle();
    }

    /** Whether the channel still works (else open another). */
    public boolean usable() {
        return connection.failure() == null;
    }

    @Override
    public void close() {
        connection.fail("the channel was closed");
        if (link != null) {
            link.close();
        }
    }

    private void reply(List<byte[]> frames) {
        if (frames.size() != 1) {
            connection.fail("circusd sent a reply of " + frames.size() + " frames");
            return;
        }
        String text = new String(frames.get(0), StandardCharsets.UTF_8);
        CircusReply reply;
        JsonNode id;
        try {
            reply = CircusReply.parse(text);
            id = reply.body().get("id");
        } catch (IllegalArgumentException e) {
            connection.fail("circusd sent garbage: " + Shown.oneLine(e.getMessage()));
            return;
        }
        if (id != null && id.isTextual()) {
            CompletableFuture<CircusReply> waiting = pending.get(id.asText());
            if (waiting != null) {
                waiting.complete(reply);
            }
        }
        // a reply nobody waits for any more (its request timed out) is dropped
    }

    private void failed(String why) {
        IOException failure = new IOException(why);
        pending.values().forEach(waiting -> waiting.completeExceptionally(failure));
        if (link != null) {
            link.close();
        }
    }
}
