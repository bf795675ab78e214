package dev.barnum.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.Outcomes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * {@code circus_users.yaml} as written, and as mistyped or forged: loading it gives valid user
 * names, without duplicates, or a {@link BadInputException} whose message is one line naming the
 * file.
 */
class UsersFilePropertyTest {

    private static Path dir;

    @BeforeContainer
    static void folder() throws IOException {
        dir = Files.createTempDirectory("barnum-users-property");
    }

    @Property(tries = 10000)
    void validUserNamesOrAOneLineRefusal(@ForAll("yaml") String yaml) throws IOException {
        Path file =
                Files.writeString(dir.resolve("circus_users.yaml"), yaml, StandardCharsets.UTF_8);
        List<String> users;
        try {
            users = UsersFile.load(file);
        } catch (BadInputException e) {
            Outcomes.oneLine(e);
            assertThat(e.getMessage()).startsWith(file + ":");
            Statistics.label("outcome").collect("refused: " + why(e.getMessage()));
            return;
        }
        assertThat(users)
                .doesNotHaveDuplicates()
                .allSatisfy(user -> assertThat(Names.isUser(user)).as(user).isTrue());
        Statistics.label("outcome").collect(users.isEmpty() ? "no users" : "users");
    }

    /** The kind of refusal, for the statistics. */
    private static String why(String message) {
        for (String kind :
                List.of(
                        "malformed YAML",
                        "expected a user name",
                        "not a valid Unix user name",
                        "expected a YAML list",
                        "line longer than",
                        "larger than",
                        "not UTF-8")) {
            if (message.contains(kind)) {
                return kind;
            }
        }
        return message;
    }

    /**
     * Lists of names (valid, invalid, quoted, tagged, anchored), with comments, documents markers,
     * directives, mappings, nested and flow collections, tabs, any line ending, and now and then a
     * line past the length limit.
     */
    @Provide
    Arbitrary<String> yaml() {
        Arbitrary<String> name =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                20,
                                Arbitraries.strings()
                                        .withCharRange('a', 'z')
                                        .withChars('_')
                                        .ofMinLength(1)
                                        .ofMaxLength(1)
                                        .flatMap(
                                                first ->
                                                        Arbitraries.strings()
                                                                .withCharRange('a', 'z')
                                                                .numeric()
                                                                .withChars("_.-")
                                                                .ofMaxLength(12)
                                                                .map(rest -> first + rest))),
                        Tuple.of(
                                3,
                                Arbitraries.of(
                                        "user1",
                                        "user2",
                                        "root",
                                        "Bob",
                                        "-x",
                                        "a b",
                                        "a;b",
                                        "x".repeat(33),
                                        "42",
                                        "true",
                                        "null",
                                        "~",
                                        "\u00e9mile",
                                        "user1 # comment",
                                        "'quoted'",
                                        "\"dq\"",
                                        "\"a\\nb\"",
                                        "\"\\u0000\"",
                                        "!!str 123",
                                        "!!int 7",
                                        "!!python/object:os.system",
                                        "&a user1",
                                        "*a",
                                        "&b [x, y]",
                                        "*b",
                                        "{a: 1}",
                                        "[u1, u2]",
                                        "? k",
                                        "|\n  literal",
                                        ">\n  folded",
                                        "")),
                        Tuple.of(
                                1,
                                Arbitraries.strings()
                                        .withCharRange('\u0001', '\u00ff')
                                        .ofMaxLength(10)));
        Arbitrary<String> line =
                Arbitraries.frequencyOf(
                        Tuple.of(80, name.map(n -> "- " + n)),
                        Tuple.of(5, name.map(n -> "  - " + n)),
                        Tuple.of(2, name.map(n -> "\t- " + n)),
                        Tuple.of(
                                8,
                                Arbitraries.of(
                                        "# users",
                                        "",
                                        "---",
                                        "...",
                                        "%YAML 1.1",
                                        "%TAG ! tag:x:",
                                        "users:",
                                        "- ",
                                        "-",
                                        "[user1, user2]",
                                        "key: value",
                                        "\ufeff- user1",
                                        "- [",
                                        "]",
                                        "- \"unterminated",
                                        "- 'it''s'")),
                        Tuple.of(
                                1,
                                Arbitraries.integers()
                                        .between(UsersFile.LINE_LIMIT - 2, UsersFile.LINE_LIMIT + 2)
                                        .map(n -> "# " + "c".repeat(n))));
        return Combinators.combine(line.list().ofMaxSize(10), Arbitraries.of("\n", "\r\n", "\r"))
                .as((lines, eol) -> String.join(eol, lines) + eol);
    }

    @AfterContainer
    static void remove() throws IOException {
        Files.deleteIfExists(dir.resolve("circus_users.yaml"));
        Files.deleteIfExists(dir);
    }
}
