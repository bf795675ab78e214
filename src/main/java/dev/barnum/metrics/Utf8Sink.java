package dev.barnum.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.Writer;
import java.util.Arrays;

/**
 * A {@link Writer} that encodes UTF-8 straight into one growing byte array. Unlike an {@link
 * java.io.OutputStreamWriter}, it allocates nothing per call: the exposition writer appends label
 * values one character at a time, which through an encoder cost two objects per character, hundreds
 * of megabytes per poll of a large fleet. A surrogate pair may arrive in two calls; a lone
 * surrogate becomes {@code ?}, as {@link String#getBytes} does.
 */
final class Utf8Sink extends Writer {

    private byte[] buf;
    private int count;
    private char high;

    Utf8Sink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    @Override
    public void write(int c) {
        put((char) c);
    }

    @Override
    public void write(char[] chars, int off, int len) {
        for (int i = off; i < off + len; i++) {
            put(chars[i]);
        }
    }

    @Override
    public void write(String s) {
        write(s, 0, s.length());
    }

    @Override
    public void write(String s, int off, int len) {
        for (int i = off; i < off + len; i++) {
            put(s.charAt(i));
        }
    }

    private void put(char c) {
        if (high != 0) {
            char h = high;
            high = 0;
            if (Character.isLowSurrogate(c)) {
                codePoint(Character.toCodePoint(h, c));
                return;
            }
            ascii('?');
        }
        if (c < 0x80) {
            ascii(c);
        } else if (Character.isHighSurrogate(c)) {
            high = c;
        } else if (Character.isLowSurrogate(c)) {
            ascii('?');
        } else {
            codePoint(c);
        }
    }

    private void ascii(char c) {
        ensure(1);
        buf[count++] = (byte) c;
    }

    private void codePoint(int cp) {
        ensure(4);
        if (cp < 0x800) {
            buf[count++] = (byte) (0xC0 | cp >> 6);
        } else if (cp < 0x10000) {
            buf[count++] = (byte) (0xE0 | cp >> 12);
            buf[count++] = (byte) (0x80 | (cp >> 6 & 0x3F));
        } else {
            buf[count++] = (byte) (0xF0 | cp >> 18);
            buf[count++] = (byte) (0x80 | (cp >> 12 & 0x3F));
            buf[count++] = (byte) (0x80 | (cp >> 6 & 0x3F));
        }
        buf[count++] = (byte) (0x80 | (cp & 0x3F));
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    /** Ends a pending lone high surrogate. */
    @Override
    public void flush() {
        if (high != 0) {
            high = 0;
            ascii('?');
        }
    }

    @Override
    public void close() {
        flush();
    }

    /**
     * The bytes written so far, less {@code trailer} when they end with it; shared, not copied, and
     * never released.
     */
    ByteBuf bytesWithout(byte[] trailer) {
        flush();
        int end = count;
        if (count >= trailer.length
                && Arrays.equals(buf, count - trailer.length, count, trailer, 0, trailer.length)) {
            end -= trailer.length;
        }
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(buf, 0, end));
    }
}
