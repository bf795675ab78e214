package dev.barnum.circus.wire;

import dev.barnum.circus.Endpoint;
import dev.barnum.remote.ForwardingRefusedException;
import dev.barnum.remote.Shell;
import dev.barnum.remote.ShellException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The control channels to a fleet's circusds: one per (host, endpoint), opened through the host's
 * shell at first use and kept open, opened anew once it failed (circusd or sshd restarted, garbage,
 * a rebuilt session). Hosts whose sshd refuses to forward are remembered, said once in the log, and
 * asked with circusctl from then on. Thread-safe; one channel is used by one caller at a time.
 */
public final class CircusChannels implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CircusChannels.class);

    /** One circusd of one host. */
    public record Key(String host, String endpoint) {}

    private final Map<Key, ControlChannel> channels = new ConcurrentHashMap<>();
    private final Set<String> refusing = ConcurrentHashMap.newKeySet();

    /**
     * The open channel to {@code endpoint} on {@code host}, opened through {@code shell} when there
     * is none or it failed.
     *
     * @throws ForwardingRefusedException when the host's sshd refuses (and from then on at once)
     * @throws NoAnswerException when circusd does not complete the handshake in time
     * @throws ShellException when the link cannot be opened ({@link
     *     dev.barnum.remote.NotListeningException}: nothing listens)
     * @throws IOException when the peer is not a circusd
     */
    public ControlChannel control(String host, Shell shell, Endpoint endpoint, Duration timeout)
            throws IOException, ShellException {
        if (refusing.contains(host)) {
            throw new ForwardingRefusedException(host + ": sshd refuses to forward");
        }
        Key key = new Key(host, endpoint.value());
        ControlChannel open = channels.get(key);
        if (open != null && open.usable()) {
            return open;
        }
        if (open != null) {
            channels.remove(key, open);
        }
        try {
            ControlChannel fresh =
                    ControlChannel.open(
                            inbound -> shell.link(endpoint.target(), inbound, timeout), timeout);
            ControlChannel raced = channels.put(key, fresh);
            if (raced != null && raced != fresh) {
                raced.close();
            }
            return fresh;
        } catch (ForwardingRefusedException e) {
            if (refusing.add(host)) {
                LOG.warnf(
                        "%s refuses SSH forwarding (%s): its circusds are asked with circusctl from"
                                + " now on",
                        host, e.getMessage());
            }
            throw e;
        }
    }

    /** Whether {@code host} refused to forward: ask its circusds with circusctl. */
    public boolean refuses(String host) {
        return refusing.contains(host);
    }

    /** Closes the channels of every circusd but those in {@code keep}. */
    public void retain(Set<Key> keep) {
        channels.entrySet()
                .removeIf(
                        entry -> {
                            if (keep.contains(entry.getKey())) {
                                return false;
                            }
                            entry.getValue().close();
                            return true;
                        });
    }

    /** The channels open now (for tests and the benchmark). */
    public int open() {
        return (int) channels.values().stream().filter(ControlChannel::usable).count();
    }

    @Override
    public void close() {
        retain(Set.of());
    }
}
