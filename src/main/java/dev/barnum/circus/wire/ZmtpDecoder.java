package dev.barnum.circus.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure and incremental: the bytes a ZMTP 3.x peer sends, fed as they arrive in pieces of any size,
 * told as its READY and its messages. It never blocks and never reads: whoever receives the bytes
 * (an SSH session's own thread) feeds them, so no connection needs a thread of its own. The peer is
 * a monitored host's: a bad signature, another mechanism, a frame or message larger than the
 * bounds, or an ERROR command is a {@link ZmtpException}, after which the decoder takes nothing
 * more.
 */
public final class ZmtpDecoder {

    /** What the decoder tells. */
    public interface Listener {
        /** The peer's READY: its {@code Socket-Type}. */
        void ready(String socketType) throws ZmtpException;

        /** One whole message, its frames in order. */
        void message(List<byte[]> frames) throws ZmtpException;
    }

    private enum State {
        GREETING,
        FLAGS,
        SIZE,
        BODY,
        FAILED
    }

    private final Listener listener;
    private final int maxFrame;
    private final int maxFrames;
    private final byte[] greeting = new byte[Zmtp.GREETING];
    private final byte[] size = new byte[8];
    private final List<byte[]> frames = new ArrayList<>();
    private State state = State.GREETING;
    private int filled;
    private int flags;
    private byte[] body;
    private boolean ready;

    /**
     * @param maxFrame the largest frame accepted, in bytes
     * @param maxFrames the most frames in one message
     */
    public ZmtpDecoder(Listener listener, int maxFrame, int maxFrames) {
        this.listener = listener;
        this.maxFrame = maxFrame;
        this.maxFrames = maxFrames;
    }

    /**
     * Takes the next {@code len} bytes the peer sent.
     *
     * @throws ZmtpException when they break the protocol or the bounds (and at every later call)
     */
    public void feed(byte[] bytes, int off, int len) throws ZmtpException {
        try {
            int end = off + len;
            int at = off;
            while (at < end) {
                at = step(bytes, at, end);
            }
        } catch (ZmtpException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private int step(byte[] bytes, int at, int end) throws ZmtpException {
        switch (state) {
            case GREETING -> {
                int n = Math.min(end - at, Zmtp.GREETING - filled);
                System.arraycopy(bytes, at, greeting, filled, n);
                filled += n;
                if (filled == Zmtp.GREETING) {
                    checkGreeting();
                    next(State.FLAGS);
                }
                return at + n;
            }
            case FLAGS -> {
                flags = bytes[at] & 0xFF;
                if ((flags & ~(Zmtp.MORE | Zmtp.LONG | Zmtp.COMMAND)) != 0) {
                    throw new ZmtpException("bad frame flags " + flags);
                }
                next(State.SIZE);
                return at + 1;
            }
            case SIZE -> {
                int width = (flags & Zmtp.LONG) != 0 ? 8 : 1;
                int n = Math.min(end - at, width - filled);
                System.arraycopy(bytes, at, size, filled, n);
                filled += n;
                if (filled == width) {
                    long length = 0;
                    for (int i = 0; i < width; i++) {
                        length = length << 8 | (size[i] & 0xFF);
                    }
                    if (length < 0 || length > maxFrame) {
                        throw new ZmtpException(
                                "a frame of "
                                        + Long.toUnsignedString(length)
                                        + " bytes, more than "
                                        + maxFrame);
                    }
                    body = new byte[(int) length];
                    next(State.BODY);
                    if (length == 0) {
                        frameDone();
                    }
                }
                return at + n;
            }
            case BODY -> {
                int n = Math.min(end - at, body.length - filled);
                System.arraycopy(bytes, at, body, filled, n);
                filled += n;
                if (filled == body.length) {
                    frameDone();
                }
                return at + n;
            }
            default -> throw new ZmtpException("the connection already failed");
        }
    }

    private void next(State next) {
        state = next;
        filled = 0;
    }

    private void checkGreeting() throws ZmtpException {
        if ((greeting[0] & 0xFF) != 0xFF || greeting[9] != 0x7F) {
            throw new ZmtpException("not a ZMTP peer (bad signature)");
        }
        if (greeting[10] < 3) {
            throw new ZmtpException("ZMTP " + greeting[10] + "." + greeting[11] + " is too old");
        }
        String mechanism = new String(greeting, 12, 20, StandardCharsets.US_ASCII).trim();
        int nul = mechanism.indexOf('\0');
        if (nul >= 0) {
            mechanism = mechanism.substring(0, nul);
        }
        if (!mechanism.equals("NULL")) {
            throw new ZmtpException("the peer wants the " + mechanism + " mechanism, not NULL");
        }
    }

    private void frameDone() throws ZmtpException {
        byte[] frame = body;
        body = null;
        next(State.FLAGS);
        if ((flags & Zmtp.COMMAND) != 0) {
            command(frame);
            return;
        }
        if (!ready) {
            throw new ZmtpException("a message before the peer's READY");
        }
        frames.add(frame);
        if (frames.size() > maxFrames) {
            throw new ZmtpException("a message of more than " + maxFrames + " frames");
        }
        if ((flags & Zmtp.MORE) == 0) {
            List<byte[]> message = List.copyOf(frames);
            frames.clear();
            listener.message(message);
        }
    }

    private void command(byte[] frame) throws ZmtpException {
        if (frame.length < 1 || frame.length < 1 + (frame[0] & 0xFF)) {
            throw new ZmtpException("a malformed command");
        }
        int nameLength = frame[0] & 0xFF;
        String name = new String(frame, 1, nameLength, StandardCharsets.US_ASCII);
        int at = 1 + nameLength;
        switch (name) {
            case "READY" -> {
                if (ready) {
                    throw new ZmtpException("a second READY");
                }
                ready = true;
                listener.ready(property(frame, at, "Socket-Type"));
            }
            case "ERROR" -> {
                int length = at < frame.length ? frame[at] & 0xFF : 0;
                throw new ZmtpException(
                        "the peer refused: "
                                + new String(
                                        frame,
                                        Math.min(at + 1, frame.length),
                                        Math.min(length, Math.max(0, frame.length - at - 1)),
                                        StandardCharsets.US_ASCII));
            }
            default -> {
                // PING, PONG, SUBSCRIBE...: nothing Barnum's sockets need to answer
            }
        }
    }

    /** A READY property's value, or an empty string when absent. */
    private static String property(byte[] frame, int at, String wanted) throws ZmtpException {
        while (at < frame.length) {
            int nameLength = frame[at] & 0xFF;
            if (at + 1 + nameLength + 4 > frame.length) {
                throw new ZmtpException("a malformed READY");
            }
            String name = new String(frame, at + 1, nameLength, StandardCharsets.US_ASCII);
            at += 1 + nameLength;
            long valueLength =
                    (frame[at] & 0xFFL) << 24
                            | (frame[at + 1] & 0xFF) << 16
                            | (frame[at + 2] & 0xFF) << 8
                            | frame[at + 3] & 0xFF;
            at += 4;
            if (at + valueLength > frame.length) {
                throw new ZmtpException("a malformed READY");
            }
            if (name.equalsIgnoreCase(wanted)) {
                return new String(frame, at, (int) valueLength, StandardCharsets.US_ASCII);
            }
            at += (int) valueLength;
        }
        return "";
    }
}
