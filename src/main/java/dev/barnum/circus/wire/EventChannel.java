package dev.barnum.circus.wire;

import dev.barnum.circus.CircusEvent;
import dev.barnum.config.Shown;
import dev.barnum.remote.Link;
import dev.barnum.remote.ShellException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A SUB to one circusd's pubsub socket, subscribed to {@code watcher.}: each event is told, in the
 * thread that received its bytes, as it arrives. An event that is not circus's fails the channel;
 * {@code ended} is told once, with why, when the channel stops (failure, circusd closing, close).
 */
public final class EventChannel implements AutoCloseable {

    static final String TOPIC = "watcher.";

    private final ZmtpConnection connection;
    private final Consumer<CircusEvent> events;
    private final Consumer<String> ended;
    private volatile Link link;

    private EventChannel(Consumer<CircusEvent> events, Consumer<String> ended) {
        this.events = events;
        this.ended = ended;
        this.connection =
                new ZmtpConnection("SUB", Set.of("PUB", "XPUB"), this::message, this::failed);
    }

    /**
     * Opens the link, completes the handshake and subscribes.
     *
     * @throws NoAnswerException when circusd does not complete the handshake in time
     * @throws ShellException when the link cannot be opened (see {@link Link.Opener})
     * @throws IOException when the peer is not circusd's publisher
     */
    public static EventChannel open(
            Link.Opener opener,
            Duration timeout,
            Consumer<CircusEvent> events,
            Consumer<String> ended)
            throws IOException, ShellException {
        EventChannel channel = new EventChannel(events, ended);
        channel.link = opener.open(channel.connection.inbound());
        try {
            channel.connection.start(channel.link);
            channel.connection.awaitReady(timeout);
            channel.connection.sendRaw(Zmtp.subscribe(TOPIC));
            // a subscription only receives from now on: let the sending buffers go
            channel.connection.idle();
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

    /** Whether events still arrive. */
    public boolean live() {
        return connection.failure() == null;
    }

    @Override
    public void close() {
        connection.fail("the channel was closed");
    }

    private void message(List<byte[]> frames) {
        if (frames.size() != 2) {
            connection.fail("circusd published a message of " + frames.size() + " frames");
            return;
        }
        CircusEvent event;
        try {
            event = CircusEvent.parse(frames.get(0), frames.get(1));
        } catch (IllegalArgumentException e) {
            connection.fail("circusd published garbage: " + Shown.oneLine(e.getMessage()));
            return;
        }
        events.accept(event);
    }

    private void failed(String why) {
        Link open = link;
        if (open != null) {
            open.close();
        }
        ended.accept(why);
    }
}
