package dev.barnum.circus.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Pure: what a ZMTP 3.0 client with the NULL mechanism writes (rfc.zeromq.org/spec/23): its
 * greeting, its READY command and its messages' frames. Barnum is always the connecting side, never
 * the server.
 */
public final class Zmtp {

    /** A greeting is 64 bytes: signature, version, mechanism, as-server, filler. */
    static final int GREETING = 64;

    static final int MORE = 0x01;
    static final int LONG = 0x02;
    static final int COMMAND = 0x04;

    private Zmtp() {}

    /** {@code FF 00*8 7F}, version 3.0, mechanism NULL, as-server 0. */
    public static byte[] greeting() {
        byte[] greeting = new byte[GREETING];
        greeting[0] = (byte) 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        greeting[11] = 0;
        byte[] mechanism = "NULL".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mechanism, 0, greeting, 12, mechanism.length);
        return greeting;
    }

    /** The NULL mechanism's READY command with this side's {@code Socket-Type}. */
    public static byte[] ready(String socketType) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        shortString(body, "READY");
        shortString(body, "Socket-Type");
        byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
        body.write(value.length >>> 24);
        body.write(value.length >>> 16);
        body.write(value.length >>> 8);
        body.write(value.length);
        body.writeBytes(value);
        return frame(COMMAND, body.toByteArray());
    }

    /** One message: each frame but the last flagged MORE. */
    public static byte[] message(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames.length; i++) {
            out.writeBytes(frame(i < frames.length - 1 ? MORE : 0, frames[i]));
        }
        return out.toByteArray();
    }

    /** A ZMTP 3.0 subscription: a message of {@code 0x01} then the topic prefix. */
    public static byte[] subscribe(String prefix) {
        byte[] topic = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[topic.length + 1];
        body[0] = 1;
        System.arraycopy(topic, 0, body, 1, topic.length);
        return message(body);
    }

    private static byte[] frame(int flags, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 9);
        if (body.length > 255) {
            out.write(flags | LONG);
            long size = body.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (size >>> shift));
            }
        } else {
            out.write(flags);
            out.write(body.length);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void shortString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
