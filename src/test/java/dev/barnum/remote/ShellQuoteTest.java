package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {

    @Test
    void leavesPlainWordsAlone() {
        assertThat(
                        ShellQuote.join(
                                List.of(
                                        "circusctl",
                                        "--endpoint",
                                        "tcp://127.0.0.1:5555",
                                        "status")))
                .isEqualTo("circusctl --endpoint tcp://127.0.0.1:5555 status");
    }

    @Test
    void quotesEverythingElse() {
        assertThat(ShellQuote.quote("circus_*_host1.service"))
                .isEqualTo("'circus_*_host1.service'");
        assertThat(ShellQuote.quote("")).isEqualTo("''");
        assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
    }

    /**
     * Exactly these characters pass unquoted, everything else of Latin-1 (and beyond) is quoted.
     */
    @Test
    void theSafeSetIsExactlyLettersDigitsAndAFewPunctuationMarks() {
        java.util.regex.Pattern safe = java.util.regex.Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
        for (char c = 0; c < 0x180; c++) {
            String word = "a" + c + "b";
            String expected =
                    safe.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
            assertThat(ShellQuote.quote(word)).as("char %d", (int) c).isEqualTo(expected);
        }
    }

    /** The real test: a POSIX shell must see exactly the words we meant, however hostile. */
    @Test
    void aRealShellSeesExactlyTheOriginalWords() throws Exception {
        List<String> words =
                List.of(
                        "plain",
                        "",
                        "two words",
                        "it's",
                        "$(touch /tmp/barnum-pwned)",
                        "`id`",
                        "a;b|c&d",
                        "*",
                        "~root",
                        "back\\slash",
                        "new\nline",
                        "'\"'",
                        "${HOME}",
                        "-n",
                        "ünï");
        Process sh =
                new ProcessBuilder(
                                "sh",
                                "-c",
                                "for a in "
                                        + ShellQuote.join(words)
                                        + "; do printf '%s\\0' \"$a\"; done")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).isZero();
        assertThat(out.split("\0", -1)).containsExactlyElementsOf(concat(words, ""));
        assertThat(new java.io.File("/tmp/barnum-pwned")).doesNotExist();
    }

    private static List<String> concat(List<String> words, String last) {
        List<String> all = new java.util.ArrayList<>(words);
        all.add(last);
        return all;
    }
}
