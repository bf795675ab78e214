package dev.barnum.circus.wire;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A stand-in circusd made of a real ZMTP implementation (JeroMQ): a ROUTER that answers each
 * request with a reply of {@code answers} (given the request's JSON, null for no answer), and a PUB
 * to publish events. Independent of Barnum's codec, so a test through it checks that codec against
 * another implementation of the protocol.
 */
public final class CircusPeer implements AutoCloseable {

    private final ZContext context = new ZContext();
    private final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
    private final ZMQ.Socket pub = context.createSocket(SocketType.PUB);
    private final int controlPort;
    private final int pubsubPort;
    private final Thread server;
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();
    private volatile UnaryOperator<String> answers;
    private volatile int holdFor;
    private final java.util.List<byte[][]> held = new java.util.ArrayList<>();

    public CircusPeer(UnaryOperator<String> answers) {
        this.answers = answers;
        router.setLinger(0);
        pub.setLinger(0);
        controlPort = router.bindToRandomPort("tcp://127.0.0.1");
        pubsubPort = pub.bindToRandomPort("tcp://127.0.0.1");
        server =
                new Thread(
                        () -> {
                            try {
                                serve();
                            } catch (org.zeromq.ZMQException | IllegalStateException e) {
                                // the peer was closed
                            }
                        },
                        "circus-peer-" + controlPort);
        server.setDaemon(true);
        server.start();
    }

    /** Answers requests until the peer is closed. */
    private void serve() {
        while (!Thread.currentThread().isInterrupted()) {
            ZMsg request = ZMsg.recvMsg(router);
            if (request == null) {
                return;
            }
            if (request.size() != 2) {
                continue; // as circusd: [identity, body] or nothing
            }
            byte[] identity = request.pop().getData();
            String body = request.pop().getString(ZMQ.CHARSET);
            requests.merge(body, 1, Integer::sum);
            if (holdFor > 0) {
                held.add(new byte[][] {identity, body.getBytes(ZMQ.CHARSET)});
                if (held.size() < holdFor) {
                    continue;
                }
                for (int i = held.size() - 1; i >= 0; i--) {
                    answer(held.get(i)[0], new String(held.get(i)[1], ZMQ.CHARSET));
                }
                held.clear();
                continue;
            }
            answer(identity, body);
        }
    }

    private void answer(byte[] identity, String body) {
        String reply = answers.apply(body);
        if (reply != null) {
            router.sendMore(identity);
            router.send(reply);
        }
    }

    /** From now on, holds requests until {@code count} came, then answers them last first. */
    void answerInReverseOnceThereAre(int count) {
        holdFor = count;
    }

    public int controlPort() {
        return controlPort;
    }

    public int pubsubPort() {
        return pubsubPort;
    }

    public void answers(UnaryOperator<String> answers) {
        this.answers = answers;
    }

    /** Publishes one event as circusd does: [topic, json]. */
    public void publish(String topic, String json) {
        synchronized (pub) {
            pub.sendMore(topic);
            pub.send(json);
        }
    }

    /** A circus.ini whose circusd is this peer: its control and pubsub ports on 127.0.0.1. */
    public String ini() {
        return "[circus]\nendpoint = tcp://127.0.0.1:"
                + controlPort
                + "\npubsub_endpoint = tcp://127.0.0.1:"
                + pubsubPort
                + "\n";
    }

    /**
     * An answer as circusd's: {@code status} as captured (instance a of
     * fixtures/circusctl/json-status-all-a.txt), {@code list} of a watcher with {@code pids} pids,
     * with the request's id.
     */
    public static String capturedStatus(String request, int pids) {
        String id = idOf(request);
        if (request.contains("\"list\"")) {
            return "{\"status\": \"ok\", \"pids\": "
                    + java.util.stream.IntStream.rangeClosed(1, pids).boxed().toList()
                    + ", \"time\": 1.0, \"id\": \""
                    + id
                    + "\"}";
        }
        return STATUS.replaceAll("\"id\": \"[^\"]*\"", "\"id\": \"" + id + "\"");
    }

    private static final String STATUS =
            dev.barnum.Fixtures.text("circusctl/json-status-all-a.txt").trim();

    /** The request id circus would echo: what follows {@code "id": "} in a request. */
    public static String idOf(String request) {
        int at = request.indexOf("\"id\":\"");
        return at < 0 ? null : request.substring(at + 6, request.indexOf('"', at + 6));
    }

    /**
     * Closes the peer, waiting at most two seconds: JeroMQ 0.5.4's IO thread can fail when a client
     * hangs up abruptly (an index error in its fair queue), and its context then never finishes
     * closing; the peer's sockets are left to the daemon thread.
     */
    @Override
    public void close() {
        server.interrupt();
        Thread closing = new Thread(context::close, "circus-peer-close-" + controlPort);
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
