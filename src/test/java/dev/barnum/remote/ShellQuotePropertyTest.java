package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * For any words, a real {@code /bin/sh} given {@link ShellQuote#join} receives exactly those words.
 * One long-lived shell answers every try: it reads {@code printf '%s\0' W <words>; printf
 * '<end>\0'} lines on its standard input and writes the words back NUL-separated.
 */
class ShellQuotePropertyTest {

    private static Process sh;
    private static OutputStream commands;
    private static InputStream answers;

    @Property(tries = 10000)
    void aRealShellReceivesExactlyTheWordsItWasGiven(@ForAll("argv") List<String> words)
            throws IOException {
        String end = "END-" + UUID.randomUUID();
        // "W" first: printf with no argument after its format still prints the format once
        String line = "printf '%s\\0' W " + ShellQuote.join(words) + "; printf '" + end + "\\0'\n";
        shell();
        commands.write(line.getBytes(StandardCharsets.UTF_8));
        commands.flush();
        List<String> received = new ArrayList<>();
        for (String word = read(); !word.equals(end); word = read()) {
            received.add(word);
        }
        List<String> expected = new ArrayList<>(List.of("W"));
        expected.addAll(words);
        assertThat(received).containsExactlyElementsOf(expected);
    }

    /**
     * Words a remote command may carry: shell syntax of every kind, quotes and backslashes, line
     * breaks and other control characters, unicode (also beyond the BMP), empty words. Not NUL,
     * which no argv can hold.
     */
    @Provide
    Arbitrary<List<String>> argv() {
        Arbitrary<String> piece =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                5,
                                Arbitraries.strings()
                                        .withChars("'\"\\$`!*?[]{}~#&|;<>() \t\n%=@:,./-_^+")
                                        .ofMinLength(1)
                                        .ofMaxLength(4)),
                        Tuple.of(
                                4,
                                Arbitraries.strings()
                                        .alpha()
                                        .numeric()
                                        .ofMinLength(1)
                                        .ofMaxLength(8)),
                        Tuple.of(
                                2,
                                Arbitraries.strings()
                                        .withCharRange('\u0080', '\ud7ff')
                                        .withCharRange('\ue000', '\ufffd')
                                        .ofMinLength(1)
                                        .ofMaxLength(3)),
                        Tuple.of(
                                2,
                                Arbitraries.of(
                                        "'\\''",
                                        "$(touch /tmp/barnum-pwned)",
                                        "`id`",
                                        "${HOME}",
                                        "$@",
                                        "$?",
                                        "$$",
                                        "!!",
                                        "\\\n",
                                        "--",
                                        "-n",
                                        "-e",
                                        "~",
                                        "~root",
                                        "*",
                                        ".*",
                                        "\ud83d\ude00",
                                        "\ud834\udd1e",
                                        "a=b",
                                        "#",
                                        "\r\n",
                                        "''",
                                        "\"\"")),
                        Tuple.of(
                                1,
                                Arbitraries.strings()
                                        .withCharRange('\u0001', '\u001f')
                                        .withChars('\u007f')
                                        .ofMinLength(1)
                                        .ofMaxLength(2)));
        Arbitrary<String> word = piece.list().ofMaxSize(5).map(pieces -> String.join("", pieces));
        return word.list().ofMaxSize(6);
    }

    /**
     * The long-lived shell, started again if a failing try killed it (so that shrinking still
     * works).
     */
    private static void shell() throws IOException {
        if (sh == null || !sh.isAlive()) {
            sh =
                    new ProcessBuilder("/bin/sh")
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            commands = sh.getOutputStream();
            answers = new BufferedInputStream(sh.getInputStream());
        }
    }

    /** The next NUL-terminated word the shell printed. */
    private static String read() throws IOException {
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        for (int b = answers.read(); b != 0; b = answers.read()) {
            if (b < 0) {
                throw new IOException(
                        "the shell ended; it received: " + word.toString(StandardCharsets.UTF_8));
            }
            word.write(b);
        }
        return word.toString(StandardCharsets.UTF_8);
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        if (sh != null) {
            sh.destroy();
            sh.waitFor();
        }
    }
}
