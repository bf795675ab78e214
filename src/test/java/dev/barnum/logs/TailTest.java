package dev.barnum.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.config.BadInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last lines of a file, read backwards in bounded chunks: what a tail costs is counted in bytes
 * read, which depends on the lines asked for, never on the file's size.
 */
class TailTest {

    @TempDir Path tmp;

    private LogTail tail(Path file, int lines) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            return Tail.read(channel, lines);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> "line " + i + "\n")
                .collect(Collectors.joining());
    }

    @Test
    void aTailOfAFileOfGigabytesReadsOnlyItsEnd() throws IOException {
        Path file = tmp.resolve("huge.log");
        try (RandomAccessFile huge = new RandomAccessFile(file.toFile(), "rw")) {
            huge.setLength(8L << 30); // 8 GiB, sparse: nothing is written before the end
            huge.seek(huge.length());
            huge.write(("earlier\n" + lines(1, 20)).getBytes(StandardCharsets.UTF_8));
        }

        LogTail tail = tail(file, 10);

        assertThat(tail.lines()).containsExactlyElementsOf(lines(11, 20).lines().toList());
        assertThat(tail.bytesRead()).isLessThanOrEqualTo(Tail.CHUNK);
        assertThat(tail.end()).isEqualTo(Files.size(file));
        assertThat(tail.notes()).isEmpty();
    }

    @Test
    void manyLinesAreFoundChunkByChunkAndNoFurther() throws IOException {
        String text = lines(1, 100_000); // about 1.2 MB
        Path file = write("many.log", text);

        LogTail tail = tail(file, 10_000);

        assertThat(tail.lines()).hasSize(10_000);
        assertThat(tail.lines().get(0)).isEqualTo("line 90001");
        assertThat(tail.lines().get(9_999)).isEqualTo("line 100000");
        long needed = lines(90_001, 100_000).length();
        assertThat(tail.bytesRead()).isGreaterThanOrEqualTo(needed).isLessThan(needed + Tail.CHUNK);
    }

    @Test
    void aShortFileIsShownWhole() throws IOException {
        assertThat(tail(write("short.log", "one\ntwo\n"), 10).lines())
                .containsExactly("one", "two");
        assertThat(tail(write("empty.log", ""), 10).lines()).isEmpty();
        assertThat(tail(write("one.log", "\n"), 10).lines()).containsExactly("");
    }

    @Test
    void aLastLineWithoutLineFeedIsALine() throws IOException {
        assertThat(tail(write("partial.log", "one\ntwo\nthree"), 2).lines())
                .containsExactly("two", "three");
    }

    @Test
    void emptyLinesCountAsLines() throws IOException {
        assertThat(tail(write("blank.log", "a\n\n\nb\n"), 3).lines()).containsExactly("", "", "b");
    }

    @Test
    void carriageReturnsBeforeLineFeedsAreDropped() throws IOException {
        assertThat(tail(write("crlf.log", "one\r\ntwo\r\n"), 5).lines())
                .containsExactly("one", "two");
    }

    @Test
    void aLongLineIsCutAndSaysHowMuchIsNotShown() throws IOException {
        String longLine = "x".repeat(100_000);
        LogTail tail = tail(write("long.log", "before\n" + longLine + "\nafter\n"), 3);

        assertThat(tail.lines()).hasSize(3);
        assertThat(tail.lines().get(0)).isEqualTo("before");
        assertThat(tail.lines().get(1))
                .isEqualTo(
                        "x".repeat(LineText.LINE_LIMIT)
                                + " [... "
                                + (100_000 - LineText.LINE_LIMIT)
                                + " more bytes]");
        assertThat(tail.lines().get(2)).isEqualTo("after");
    }

    @Test
    void aLineLongerThanWhatATailReadsStopsTheReadingAndSaysSo() throws IOException {
        Path file = tmp.resolve("monster.log");
        try (RandomAccessFile monster = new RandomAccessFile(file.toFile(), "rw")) {
            monster.write("first\n".getBytes(StandardCharsets.UTF_8));
            monster.write(new byte[3 * Tail.BYTE_LIMIT]); // one line of 12 MiB of NULs
            monster.write("\nafter1\nafter2\n".getBytes(StandardCharsets.UTF_8));
        }

        LogTail tail = tail(file, 5);

        assertThat(tail.bytesRead()).isEqualTo(Tail.BYTE_LIMIT);
        assertThat(tail.lines()).containsExactly("after1", "after2");
        assertThat(tail.notes())
                .containsExactly(
                        "reading stopped after "
                                + Tail.BYTE_LIMIT
                                + " bytes from the end: earlier lines are not shown");
    }

    @Test
    void aLastLineLongerThanWhatATailReadsIsNotShownAndThatIsSaid() throws IOException {
        Path file = write("one-monster.log", new byte[Tail.BYTE_LIMIT + 10]);

        LogTail tail = tail(file, 1);

        assertThat(tail.bytesRead()).isEqualTo(Tail.BYTE_LIMIT);
        assertThat(tail.lines()).isEmpty();
        assertThat(tail.notes()).singleElement().asString().contains("nor the last line");
    }

    @Test
    void bytesThatAreNotUtf8AreShownAsReplacementCharacters() throws IOException {
        byte[] latin1 = "caf\u00e9 ok\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] broken = {'a', (byte) 0xC3, '\n', (byte) 0xFF, (byte) 0xFE, 'b', '\n'};
        Path file = tmp.resolve("mixed.log");
        Files.write(file, latin1);
        Files.write(file, broken, java.nio.file.StandardOpenOption.APPEND);
        Files.write(
                file,
                "\u00e9t\u00e9 \u2603\n".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(tail(file, 4).lines())
                .containsExactly(
                        "caf\uFFFD ok", "a\uFFFD", "\uFFFD\uFFFDb", "\u00e9t\u00e9 \u2603");
    }

    @Test
    void aCutNeverSplitsACharacter() throws IOException {
        // two bytes each, after one: the limit falls in the middle of a character
        String line = "a" + "\u00e9".repeat(LineText.LINE_LIMIT);
        String shown = tail(write("accents.log", line + "\n"), 1).lines().get(0);

        assertThat(shown)
                .isEqualTo(
                        "a"
                                + "\u00e9".repeat(LineText.LINE_LIMIT / 2 - 1)
                                + " [... "
                                + (LineText.LINE_LIMIT + 2)
                                + " more bytes]");
    }

    @Test
    void controlCharactersAreShownEscapedSoALogCannotDriveTheTerminal() throws IOException {
        String text = "\u001b[31mred\u001b[0m\tand a bell\u0007\n" + "fake\rprompt \u202e!\n";

        assertThat(tail(write("ansi.log", text), 2).lines())
                .containsExactly(
                        "\\x1b[31mred\\x1b[0m\tand a bell\\x07", "fake\\x0dprompt \\u202e!");
    }

    @Test
    void theNumberOfLinesIsBounded() {
        assertThat(Tail.checkLines(null, "--lines")).isEqualTo(10);
        assertThat(Tail.checkLines("1", "--lines")).isEqualTo(1);
        assertThat(Tail.checkLines("10000", "--lines")).isEqualTo(10_000);
        for (String lines : List.of("0", "-1", "10001", "99999999999", "many", "", "1e3")) {
            assertThatThrownBy(() -> Tail.checkLines(lines, "--lines"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(
                            "--lines '" + lines + "': expected a number of lines from 1 to 10000");
        }
    }
}
