package dev.barnum.logs;

import dev.barnum.config.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a file, read backwards from its end in chunks of {@value #CHUNK} bytes until
 * enough line feeds are seen: what it costs depends on the lines asked for, not on the file's size.
 * At most {@value #BYTE_LIMIT} bytes are read for one tail (lines that begin before them are not
 * shown, and that is said), and at most {@value LineText#LINE_LIMIT} bytes of each line are shown.
 */
final class Tail {

    /** The lines a tail shows unless asked for another number. */
    static final int DEFAULT_LINES = 10;

    /** The most lines one tail may ask for. */
    static final int LINES_LIMIT = 10_000;

    /** The most bytes read for one tail. */
    static final int BYTE_LIMIT = 4 * 1024 * 1024;

    /** The bytes read at a time, backwards from the end. */
    static final int CHUNK = 64 * 1024;

    private Tail() {}

    /**
     * @param lines as given: a number, or null for the default ({@value #DEFAULT_LINES})
     * @throws BadInputException naming {@code argument} unless {@code lines} is a number from 1 to
     *     {@value #LINES_LIMIT}
     */
    static int checkLines(String lines, String argument) {
        if (lines == null) {
            return DEFAULT_LINES;
        }
        long count;
        try {
            count = Long.parseLong(lines.strip());
        } catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1 || count > LINES_LIMIT) {
            throw new BadInputException(
                    argument
                            + " '"
                            + Printable.of(lines)
                            + "': expected a number of lines from 1 to "
                            + LINES_LIMIT);
        }
        return (int) count;
    }

    /**
     * The last {@code lines} lines of {@code channel} (a final line without a line feed counts),
     * reading only positions below its size as it was when asked.
     *
     * @throws IOException when the channel cannot be read
     */
    static LogTail read(SeekableByteChannel channel, int lines) throws IOException {
        long end = channel.size();
        long position = end;
        long read = 0;
        int feeds = 0;
        long start = -1; // where the lines to show begin
        Deque<byte[]> chunks = new ArrayDeque<>();
        while (start < 0 && position > 0 && read < BYTE_LIMIT) {
            int length = (int) Math.min(Math.min(CHUNK, position), BYTE_LIMIT - read);
            byte[] chunk = new byte[length];
            if (readAt(channel, position - length, chunk) < length) {
                throw new IOException("it shrank while being read");
            }
            position -= length;
            read += length;
            chunks.addFirst(chunk);
            for (int i = length - 1; i >= 0 && start < 0; i--) {
                boolean lastByte = position + i == end - 1;
                if (chunk[i] == '\n' && !lastByte && ++feeds == lines) {
                    start = position + i + 1;
                }
            }
        }
        List<String> notes = new ArrayList<>();
        boolean stopped = start < 0 && position > 0;
        if (start < 0) {
            start = position;
        }
        byte[] window = join(chunks, read);
        int from = (int) (start - position);
        if (stopped) {
            int feed = indexOf(window, from);
            from = feed < 0 ? window.length : feed + 1; // the line reading stopped in is cut
            notes.add(
                    "reading stopped after "
                            + BYTE_LIMIT
                            + " bytes from the end: earlier lines are not shown"
                            + (feed < 0 ? ", nor the last line, which is longer" : ""));
        }
        int lastFeed = lastIndexOf(window);
        boolean open = window.length > 0 && window[window.length - 1] != '\n';
        long resume =
                !open ? end : lastFeed >= 0 ? position + lastFeed + 1 : position == 0 ? 0 : end;
        return new LogTail(split(window, from), read, end, resume, notes);
    }

    private static List<String> split(byte[] window, int from) {
        List<String> shown = new ArrayList<>();
        int lineStart = from;
        for (int i = from; i < window.length; i++) {
            if (window[i] == '\n') {
                shown.add(LineText.of(window, lineStart, i, 0));
                lineStart = i + 1;
            }
        }
        if (lineStart < window.length) {
            shown.add(LineText.of(window, lineStart, window.length, 0));
        }
        return shown;
    }

    /**
     * Fills {@code into} from {@code position}, as far as the file goes.
     *
     * @return the bytes read: fewer than asked at the end of the file
     */
    static int readAt(SeekableByteChannel channel, long position, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        channel.position(position);
        while (buffer.hasRemaining() && channel.read(buffer) > 0) {
            // reads until full or at the end
        }
        return buffer.position();
    }

    private static byte[] join(Deque<byte[]> chunks, long total) {
        byte[] all = new byte[(int) total];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    private static int lastIndexOf(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
