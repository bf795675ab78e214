package dev.barnum.circus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The decoder on what a peer may send, in pieces of any size, and on what it must refuse. */
class ZmtpDecoderTest {

    private final List<String> told = new ArrayList<>();

    private ZmtpDecoder decoder(int maxFrame) {
        return new ZmtpDecoder(
                new ZmtpDecoder.Listener() {
                    @Override
                    public void ready(String socketType) {
                        told.add("READY " + socketType);
                    }

                    @Override
                    public void message(List<byte[]> frames) {
                        List<String> texts = new ArrayList<>();
                        frames.forEach(f -> texts.add(new String(f, StandardCharsets.UTF_8)));
                        told.add(String.join("|", texts));
                    }
                },
                maxFrame,
                16);
    }

    /** What a ROUTER sends: greeting, READY, a short and a long reply, a two-frame message. */
    private static byte[] peer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] greeting = Zmtp.greeting();
        greeting[11] = 1; // libzmq 4.3 answers ZMTP 3.1
        out.writeBytes(greeting);
        out.writeBytes(Zmtp.ready("ROUTER"));
        out.writeBytes(Zmtp.message("{\"status\": \"ok\"}".getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(Zmtp.message("x".repeat(300).getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(Zmtp.message("topic".getBytes(), "body".getBytes()));
        return out.toByteArray();
    }

    @Property(tries = 300)
    void piecesOfAnySizeTellTheSame(@ForAll @IntRange(min = 1, max = 400) int piece)
            throws ZmtpException {
        told.clear();
        byte[] bytes = peer();
        ZmtpDecoder decoder = decoder(1024);
        for (int at = 0; at < bytes.length; at += piece) {
            decoder.feed(bytes, at, Math.min(piece, bytes.length - at));
        }
        assertThat(told)
                .containsExactly(
                        "READY ROUTER", "{\"status\": \"ok\"}", "x".repeat(300), "topic|body");
    }

    @Test
    void aFrameBeyondTheBoundIsRefusedBeforeItIsRead() throws ZmtpException {
        ZmtpDecoder decoder = decoder(100);
        byte[] head = concat(Zmtp.greeting(), Zmtp.ready("ROUTER"));
        decoder.feed(head, 0, head.length);
        byte[] huge = {Zmtp.LONG, 0x7F, -1, -1, -1, -1, -1, -1, -1};
        assertThatThrownBy(() -> decoder.feed(huge, 0, huge.length))
                .isInstanceOf(ZmtpException.class)
                .hasMessage("a frame of 9223372036854775807 bytes, more than 100");
        assertThatThrownBy(() -> decoder.feed(new byte[] {0}, 0, 1))
                .hasMessage("the connection already failed");
    }

    @Test
    void whatIsNotANullZmtp3PeerIsRefused() {
        byte[] plain = Zmtp.greeting();
        System.arraycopy("PLAIN".getBytes(), 0, plain, 12, 5);
        assertThatThrownBy(() -> decoder(100).feed(plain, 0, plain.length))
                .hasMessage("the peer wants the PLAIN mechanism, not NULL");
        byte[] old = Zmtp.greeting();
        old[10] = 2;
        assertThatThrownBy(() -> decoder(100).feed(old, 0, old.length))
                .hasMessage("ZMTP 2.0 is too old");
        byte[] http = "HTTP/1.1 400 Bad Request\r\n".repeat(3).getBytes();
        assertThatThrownBy(() -> decoder(100).feed(http, 0, http.length))
                .hasMessage("not a ZMTP peer (bad signature)");
    }

    @Test
    void aMessageBeforeReadyOrAnErrorCommandIsRefused() {
        byte[] early = concat(Zmtp.greeting(), Zmtp.message("hi".getBytes()));
        assertThatThrownBy(() -> decoder(100).feed(early, 0, early.length))
                .hasMessage("a message before the peer's READY");
        byte[] error =
                concat(
                        Zmtp.greeting(),
                        new byte[] {
                            Zmtp.COMMAND, 12, 5, 'E', 'R', 'R', 'O', 'R', 5, 'n', 'o', 'p', 'e', '!'
                        });
        assertThatThrownBy(() -> decoder(100).feed(error, 0, error.length))
                .hasMessage("the peer refused: nope!");
    }

    @Test
    void tooManyFramesInOneMessageAreRefused() throws ZmtpException {
        ZmtpDecoder decoder = decoder(100);
        byte[] head = concat(Zmtp.greeting(), Zmtp.ready("PUB"));
        decoder.feed(head, 0, head.length);
        byte[][] frames = new byte[17][];
        java.util.Arrays.fill(frames, new byte[] {'f'});
        byte[] many = Zmtp.message(frames);
        assertThatThrownBy(() -> decoder.feed(many, 0, many.length))
                .hasMessage("a message of more than 16 frames");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
