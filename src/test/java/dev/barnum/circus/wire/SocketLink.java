package dev.barnum.circus.wire;

import dev.barnum.remote.Link;
import dev.barnum.remote.NotListeningException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A {@link Link} over a plain TCP socket, for tests: a thread of its own copies the peer's bytes to
 * the inbound stream (in production an SSH session's reader does that for every channel).
 */
public final class SocketLink implements Link {

    private final Socket socket;

    private SocketLink(Socket socket, OutputStream inbound) {
        this.socket = socket;
        Thread pump =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[8192];
                            try (InputStream in = socket.getInputStream()) {
                                for (int n; (n = in.read(buffer)) >= 0; ) {
                                    inbound.write(buffer, 0, n);
                                }
                            } catch (IOException e) {
                                // closed: told below
                            }
                            try {
                                inbound.close();
                            } catch (IOException e) {
                                // nothing more to tell
                            }
                        },
                        "test-link-" + socket.getPort());
        pump.setDaemon(true);
        pump.start();
    }

    public static Link.Opener to(int port) {
        return inbound -> {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                throw new NotListeningException("127.0.0.1:" + port + ": " + e.getMessage());
            }
            return new SocketLink(socket, inbound);
        };
    }

    @Override
    public OutputStream out() {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
