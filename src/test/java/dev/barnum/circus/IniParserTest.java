package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class IniParserTest {

    private static Map<String, String> section(String text, String name) throws CircusIniException {
        return IniParser.parse(text, "test.ini").get(name);
    }

    @Test
    void indentedLinesContinueTheValueEvenAcrossBlankLines() throws Exception {
        Map<String, String> s = section("[s]\nk = one\n  two\n\n\ttwo more\nnext = x\n", "s");
        assertThat(s).containsExactly(entry("k", "one\ntwo\ntwo more"), entry("next", "x"));
    }

    @Test
    void continuationOfARepeatedKeyExtendsTheFirstValue() throws Exception {
        assertThat(section("[s]\nk = first\nk = second\n  more\n", "s"))
                .containsExactly(entry("k", "first\nmore"));
    }

    @Test
    void indentedLineRightAfterAHeaderIsAKeyWithItsIndentation() throws Exception {
        assertThat(section("[s]\n  k = v\n", "s")).containsExactly(entry("  k", "v"));
    }

    @Test
    void remHashAndSemicolonLinesAreComments() throws Exception {
        String text =
                "rem before any header\n# c\n; c\n[s]\nrem x = 1\nREM\nRem stuff\nremote = yes\nrem=2\n";
        assertThat(section(text, "s")).containsExactly(entry("remote", "yes"), entry("rem", "2"));
    }

    @Test
    void onlyTheFirstSemicolonAfterWhiteSpaceEndsAValue() throws Exception {
        String text = "[s]\na = x;y\nb = x ;y\nc = x\t; y\nd = x # y\ne = x;y ;z\nf = \"\"\ng =\n";
        assertThat(section(text, "s"))
                .containsExactly(
                        entry("a", "x;y"),
                        entry("b", "x"),
                        entry("c", "x"),
                        entry("d", "x # y"),
                        entry("e", "x;y ;z"),
                        entry("f", ""),
                        entry("g", ""));
    }

    @Test
    void theFirstOfEqualsOrColonSplitsKeyAndValue() throws Exception {
        String text = "[s]\nendpoint: tcp://h:1\nurl = http://x\nk:a=b\n";
        assertThat(section(text, "s"))
                .containsExactly(
                        entry("endpoint", "tcp://h:1"),
                        entry("url", "http://x"),
                        entry("k", "a=b"));
    }

    @Test
    void aLineWithoutDelimiterIsIgnored() throws Exception {
        assertThat(section("[s]\nlonely\nk = v\n", "s")).containsExactly(entry("k", "v"));
    }

    @Test
    void sectionsAndKeysAreCaseSensitive() throws Exception {
        Map<String, Map<String, String>> ini =
                IniParser.parse("[Circus]\nendpoint = a\n[circus]\nEndpoint = b\n", "f");
        assertThat(ini).containsOnlyKeys("Circus", "circus");
        assertThat(ini.get("circus")).containsOnlyKeys("Endpoint");
    }

    @Test
    void repeatedSectionsAndKeysKeepTheFirstDefinition() throws Exception {
        Map<String, Map<String, String>> ini =
                IniParser.parse("[a]\nk = 1\n[b]\nk = 2\n[a]\nk = 3\nj = 4\n", "f");
        assertThat(ini.get("a")).containsExactly(entry("k", "1"), entry("j", "4"));
        assertThat(ini.get("b")).containsExactly(entry("k", "2"));
    }

    @Test
    void sectionNameRunsToTheLastClosingBracket() throws Exception {
        assertThat(IniParser.parse("[watcher:a b:c] ; x]\n[env] # note\n", "f"))
                .containsOnlyKeys("watcher:a b:c] ; x", "env");
    }

    @Test
    void anyLineEndingWorks() throws Exception {
        assertThat(section("[s]\r\nk = v\r\nj = w\rl = x", "s"))
                .containsExactly(entry("k", "v"), entry("j", "w"), entry("l", "x"));
    }

    @Test
    void textBeforeTheFirstHeaderNamesFileAndLine() {
        assertThatThrownBy(
                        () ->
                                IniParser.parse(
                                        "# fine\n\nendpoint = x\n[circus]\n", "/u/circus.ini"))
                .isInstanceOf(CircusIniException.class)
                .hasMessage("/u/circus.ini:3: no section header (circusd refuses this file)");
    }

    @Test
    void noInterpolation() throws Exception {
        assertThat(section("[s]\nhere = /x\nk = %(here)s/y 100%\n", "s"))
                .containsEntry("k", "%(here)s/y 100%");
    }

    /**
     * Each continuation line used to copy the whole value so far: quadratic, 10 GB copied for these
     * 100,000 lines, and a 1 MiB file took 20 s. Measured in bytes allocated, which do not depend
     * on the machine's load as time does.
     */
    @Test
    @Timeout(
            value = 60,
            threadMode =
                    Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a measure
    void continuationLinesCostLinearMemory() throws Exception {
        String text = "[s]\nk = v\n" + " x\n".repeat(100_000);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        String value = section(text, "s").get("k");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(value).hasSize(1 + 2 * 100_000).startsWith("v\nx\nx").endsWith("\nx");
        assertThat(allocated)
                .as("bytes allocated to parse %d bytes", text.length())
                .isLessThan(1L << 30);
    }
}
