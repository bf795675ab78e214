package dev.barnum.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8SinkTest {

    private static final byte[] NONE = new byte[0];

    private static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    @Test
    void encodesAsStringGetBytesWhateverTheCallsSizes() {
        String text = "w00{user=\"u1\",watcher=\"caf\u00e9-\u20ac-\ud83d\ude80\"} 1\nplain ascii\n";
        Utf8Sink byChars = new Utf8Sink(1);
        text.chars().forEach(byChars::write);
        Utf8Sink byString = new Utf8Sink(1);
        byString.write(text, 0, text.length());
        Utf8Sink byArray = new Utf8Sink(1);
        byArray.write(text.toCharArray(), 0, text.length());
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, bytes(byChars.bytesWithout(NONE)));
        assertArrayEquals(expected, bytes(byString.bytesWithout(NONE)));
        assertArrayEquals(expected, bytes(byArray.bytesWithout(NONE)));
    }

    @Test
    void loneSurrogatesBecomeQuestionMarksAsStringGetBytesDoes() {
        String text = "a\ud83db\ude80c\ud83d";
        Utf8Sink sink = new Utf8Sink(4);
        text.chars().forEach(sink::write);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), bytes(sink.bytesWithout(NONE)));
        assertEquals("a?b?c?", bytesText(sink.bytesWithout(NONE)));
    }

    @Test
    void dropsTheTrailerOnlyWhenItEndsTheText() {
        byte[] eof = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
        Utf8Sink ending = new Utf8Sink(8);
        ending.write("m 1\n# EOF\n");
        assertEquals("m 1\n", bytesText(ending.bytesWithout(eof)));
        Utf8Sink notEnding = new Utf8Sink(8);
        notEnding.write("# EOF\nm 1\n");
        assertEquals("# EOF\nm 1\n", bytesText(notEnding.bytesWithout(eof)));
    }

    private static String bytesText(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
