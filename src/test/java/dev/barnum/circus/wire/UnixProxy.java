package dev.barnum.circus.wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Unix socket that relays each connection, byte for byte, to a TCP port: circusd on an {@code
 * ipc://} endpoint, made of a real ZMTP peer (JeroMQ's ipc is TCP in disguise).
 */
public final class UnixProxy implements AutoCloseable {

    private final Path path;
    private final ServerSocketChannel server;

    public UnixProxy(Path path, int tcpPort) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread acceptor =
                new Thread(
                        () -> {
                            while (server.isOpen()) {
                                try {
                                    SocketChannel client = server.accept();
                                    SocketChannel peer =
                                            SocketChannel.open(
                                                    new InetSocketAddress("127.0.0.1", tcpPort));
                                    relay(client, peer);
                                    relay(peer, client);
                                } catch (IOException e) {
                                    return;
                                }
                            }
                        },
                        "unix-proxy-" + path.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path path() {
        return path;
    }

    private static void relay(SocketChannel from, SocketChannel to) {
        Thread copy =
                new Thread(
                        () -> {
                            ByteBuffer buffer = ByteBuffer.allocate(8192);
                            try {
                                while (from.read(buffer) >= 0) {
                                    buffer.flip();
                                    while (buffer.hasRemaining()) {
                                        to.write(buffer);
                                    }
                                    buffer.clear();
                                }
                            } catch (IOException e) {
                                // one side closed
                            }
                            try {
                                to.close();
                                from.close();
                            } catch (IOException e) {
                                // closing anyway
                            }
                        });
        copy.setDaemon(true);
        copy.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
