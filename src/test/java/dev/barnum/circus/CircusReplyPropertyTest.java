package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.Outcomes;
import java.util.Optional;
import java.util.SortedMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * What circusctl prints is the host's to choose: a reply is parsed into a value or refused with an
 * {@link IllegalArgumentException} whose message is one line, nothing else.
 */
class CircusReplyPropertyTest {

    @Property(tries = 10000)
    void aReplyIsAValueOrAOneLineRefusal(@ForAll("replies") String json) {
        CircusReply reply;
        try {
            reply = CircusReply.parse(json);
        } catch (IllegalArgumentException e) {
            Outcomes.oneLine(e);
            return;
        }
        assertThat(reply.status()).isNotNull();
        reply.errno();
        assertThat(reply.reason()).isNotNull();
        try {
            SortedMap<String, WatcherState> statuses = reply.statuses();
            assertThat(statuses.values()).doesNotContainNull();
        } catch (IllegalArgumentException e) {
            Outcomes.oneLine(e);
        }
    }

    @Property(tries = 10000)
    void processCountsAreCountsOrAOneLineRefusal(@ForAll("replies") String json) {
        Optional<SortedMap<String, Integer>> counts;
        try {
            counts = CircusReply.processCounts(json);
        } catch (IllegalArgumentException e) {
            Outcomes.oneLine(e);
            return;
        }
        counts.ifPresent(
                c -> assertThat(c.values()).allSatisfy(n -> assertThat(n).isNotNegative()));
    }

    /**
     * circusd's replies (ok, error, status, stats), then the same cut short, with junk around them,
     * or replaced by other JSON or by text, as a broken or hostile host may print.
     */
    @Provide
    Arbitrary<String> replies() {
        Arbitrary<String> text =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                3,
                                Arbitraries.of(
                                        "web", "active", "stopped", "ok", "error", "N/A", "Zombie",
                                        "")),
                        Tuple.of(
                                2,
                                Arbitraries.strings()
                                        .withChars("ab\n\r\t\"\\/\u00e9\u2028{}[]:,")
                                        .ofMaxLength(8)
                                        .map(CircusReplyPropertyTest::quoted)));
        Arbitrary<String> name = text.map(t -> t.startsWith("\"") ? t : quoted(t));
        Arbitrary<String> value =
                Arbitraries.frequencyOf(
                        Tuple.of(3, name),
                        Tuple.of(
                                2,
                                Arbitraries.of(
                                        "1",
                                        "-1",
                                        "5",
                                        "1795574713.110371",
                                        "1e999",
                                        "null",
                                        "true",
                                        "{}",
                                        "[]",
                                        "\"\\u0000\"",
                                        "99999999999999999999999")),
                        Tuple.of(
                                1,
                                name.list()
                                        .ofMaxSize(3)
                                        .map(l -> "[" + String.join(", ", l) + "]")));
        Arbitrary<String> entry = Combinators.combine(name, value).as((k, v) -> k + ": " + v);
        Arbitrary<String> statuses =
                entry.list().ofMaxSize(4).map(l -> "{" + String.join(", ", l) + "}");
        Arbitrary<String> infos =
                Combinators.combine(
                                name,
                                Arbitraries.frequencyOf(
                                        Tuple.of(
                                                3,
                                                Arbitraries.of(
                                                        "{}",
                                                        "{\"1\": {\"pid\": 1}}",
                                                        "{\"1\": {}, \"2\": \"No such process (stopped?)\"}")),
                                        Tuple.of(1, value)))
                        .as((k, v) -> k + ": " + v)
                        .list()
                        .ofMaxSize(3)
                        .map(l -> "{" + String.join(", ", l) + "}");
        Arbitrary<String> field =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                3,
                                Combinators.combine(
                                                Arbitraries.of(
                                                        "\"status\"",
                                                        "\"reason\"",
                                                        "\"errno\"",
                                                        "\"time\"",
                                                        "\"id\"",
                                                        "\"tb\""),
                                                value)
                                        .as((k, v) -> k + ": " + v)),
                        Tuple.of(2, statuses.map(s -> "\"statuses\": " + s)),
                        Tuple.of(2, infos.map(s -> "\"infos\": " + s)),
                        Tuple.of(1, entry));
        Arbitrary<String> object =
                field.list().ofMaxSize(6).map(l -> "{" + String.join(", ", l) + "}");
        Arbitrary<String> reply =
                Arbitraries.frequencyOf(
                        Tuple.of(4, object),
                        Tuple.of(
                                1,
                                Arbitraries.of(
                                        "",
                                        " ",
                                        "null",
                                        "[]",
                                        "\"ok\"",
                                        "42",
                                        "Timed out.",
                                        "error: program web not found",
                                        "{\"status\": \"ok\"}\n{\"status\": \"ok\"}",
                                        "[".repeat(2000),
                                        "{\"a\":".repeat(1200) + "1")),
                        Tuple.of(
                                1,
                                Arbitraries.strings()
                                        .withChars("{}[]\":,\\ \n\rabc01-.eE")
                                        .ofMaxLength(40)));
        return reply.flatMap(
                r ->
                        Arbitraries.frequencyOf(
                                Tuple.of(6, Arbitraries.just(r)),
                                Tuple.of(
                                        1,
                                        Arbitraries.integers()
                                                .between(0, Math.max(0, r.length()))
                                                .map(cut -> r.substring(0, cut))),
                                Tuple.of(
                                        1,
                                        Arbitraries.of(
                                                r + "\n",
                                                "  " + r + " trailing",
                                                r + "\r\n" + r))));
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
