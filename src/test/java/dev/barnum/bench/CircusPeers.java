package dev.barnum.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Many stand-in circusds for the benchmark's fleet, each a real ZMTP ROUTER (control) and PUB
 * (events) on 127.0.0.1, all in one JeroMQ context and served by one thread polling every ROUTER: a
 * thousand {@code CircusPeer}s would be a thousand threads and contexts on a 2-core machine. Each
 * answers {@code status} with {@code watchers} active watchers w00.. ({@link
 * BenchFleet#statusJson}) and {@code list} with two pids, the request's id echoed as circusd does.
 */
final class CircusPeers implements AutoCloseable {

    private final ZContext context = new ZContext(1);
    private final List<ZMQ.Socket> routers = new ArrayList<>();
    private final List<ZMQ.Socket> pubs = new ArrayList<>();
    private final List<Integer> controlPorts = new ArrayList<>();
    private final List<Integer> pubsubPorts = new ArrayList<>();
    private final String status;
    private final AtomicLong answered = new AtomicLong();
    private final Thread server;
    private volatile boolean closed;

    CircusPeers(int count, int watchers) {
        context.getContext().setMaxSockets(2 * count + 16);
        for (int i = 0; i < count; i++) {
            ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            ZMQ.Socket pub = context.createSocket(SocketType.PUB);
            router.setLinger(0);
            pub.setLinger(0);
            controlPorts.add(router.bindToRandomPort("tcp://127.0.0.1"));
            pubsubPorts.add(pub.bindToRandomPort("tcp://127.0.0.1"));
            routers.add(router);
            pubs.add(pub);
        }
        status = BenchFleet.statusJson(watchers).strip();
        server = new Thread(this::serve, "bench-circus-peers");
        server.setDaemon(true);
        server.start();
    }

    /** Answers every ROUTER's requests, in this one thread, until closed. */
    private void serve() {
        try (ZMQ.Poller poller = context.createPoller(routers.size())) {
            routers.forEach(router -> poller.register(router, ZMQ.Poller.POLLIN));
            while (!closed) {
                if (poller.poll(200) <= 0) {
                    continue;
                }
                for (int i = 0; i < routers.size(); i++) {
                    if (poller.pollin(i)) {
                        drain(routers.get(i));
                    }
                }
            }
        } catch (org.zeromq.ZMQException | IllegalStateException e) {
            // closed
        }
    }

    private void drain(ZMQ.Socket router) {
        ZMsg request;
        while ((request = ZMsg.recvMsg(router, ZMQ.DONTWAIT)) != null) {
            if (request.size() != 2) {
                continue; // as circusd: [identity, body] or nothing
            }
            byte[] identity = request.pop().getData();
            String reply = answer(request.pop().getString(ZMQ.CHARSET));
            router.sendMore(identity);
            router.send(reply);
            answered.incrementAndGet();
        }
    }

    private String answer(String request) {
        String id = dev.barnum.circus.wire.CircusPeer.idOf(request);
        if (request.contains("\"list\"")) {
            return "{\"status\": \"ok\", \"pids\": [1, 2], \"time\": 1.0, \"id\": \"" + id + "\"}";
        }
        return status.replaceAll("\"id\": \"[^\"]*\"", "\"id\": \"" + id + "\"");
    }

    int size() {
        return routers.size();
    }

    /** Requests answered so far, all peers together. */
    long answered() {
        return answered.get();
    }

    /** Peer {@code i}'s circus.ini: its control and pubsub ports on 127.0.0.1. */
    String ini(int i) {
        return "[circus]\nendpoint = "
                + endpoint(i)
                + "\npubsub_endpoint = tcp://127.0.0.1:"
                + pubsubPorts.get(i)
                + "\n";
    }

    String endpoint(int i) {
        return "tcp://127.0.0.1:" + controlPorts.get(i);
    }

    /** Every port of every peer, control and pubsub. */
    java.util.Set<Integer> ports() {
        java.util.Set<Integer> all = new java.util.HashSet<>(controlPorts);
        all.addAll(pubsubPorts);
        return all;
    }

    /** Publishes one event from peer {@code i}, as circusd does: [topic, json]. */
    void publish(int i, String topic, String json) {
        ZMQ.Socket pub = pubs.get(i);
        synchronized (pub) {
            pub.sendMore(topic);
            pub.send(json);
        }
    }

    /**
     * Closes the peers, waiting at most five seconds for the context (see {@code CircusPeer#close}:
     * JeroMQ 0.5.4's context can fail to finish closing).
     */
    @Override
    public void close() {
        closed = true;
        try {
            server.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread closing = new Thread(context::close, "bench-circus-peers-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
