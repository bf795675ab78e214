package dev.barnum.testfleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A socket that accepts connections and never answers. */
final class Blackhole {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    Blackhole(String address, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), 200);
        Thread t = new Thread(this::acceptLoop, "blackhole-" + address + ":" + port);
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                accepted.add(server.accept());
            } catch (SocketTimeoutException e) {
                // keep accepting
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Connections accepted so far (and not closed by {@link #close}). */
    int accepted() {
        return accepted.size();
    }

    void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closed anyway
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException e) {
                // closed anyway
            }
        }
        accepted.clear();
    }
}
