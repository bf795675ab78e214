package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/** The SSH socket's delayed ACK is off again after every read (Linux). */
class QuickAckSocketsTest {

    @Test
    void everyReadRearmsQuickAck() throws Exception {
        QuickAckSockets sockets = new QuickAckSockets(2000);
        try (ServerSocket server = new ServerSocket(0);
                Socket client = sockets.createSocket("127.0.0.1", server.getLocalPort());
                Socket peer = server.accept()) {
            assertThat(client.getTcpNoDelay()).isTrue();
            InputStream in = sockets.getInputStream(client);
            for (int i = 0; i < 3; i++) {
                peer.getOutputStream().write(("reply " + i).getBytes());
                assertThat(in.read(new byte[64])).isPositive();
                assertThat(client.getOption(ExtendedSocketOptions.TCP_QUICKACK)).isTrue();
            }
        }
    }

    @Test
    void aRefusedConnectionIsTheConnectError() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        assertThatThrownBy(() -> new QuickAckSockets(2000).createSocket("127.0.0.1", closed))
                .isInstanceOf(java.net.ConnectException.class);
    }
}
