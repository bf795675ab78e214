package dev.barnum.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.Outcomes;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * What a host prints for {@code systemctl} is the host's to choose: the parsers give a value or an
 * {@link IllegalArgumentException} with a one-line message, nothing else.
 */
class SystemctlParserPropertyTest {

    private static final List<String> KEYS =
            List.of(
                    "Id",
                    "LoadState",
                    "UnitFileState",
                    "ActiveState",
                    "SubState",
                    "User",
                    "FragmentPath",
                    "Names",
                    "id",
                    "Id ",
                    " Id");

    @Property(tries = 10000)
    void showGivesUnitsWithAnIdOrARefusal(@ForAll("showOutput") String stdout) {
        List<UnitStatus> units;
        try {
            units = SystemctlParser.show(stdout);
        } catch (IllegalArgumentException e) {
            Outcomes.oneLine(e);
            return;
        }
        assertThat(units)
                .allSatisfy(
                        unit -> {
                            assertThat(unit.id()).isNotEmpty();
                            assertThat(unit.activeState()).isNotNull();
                        });
    }

    /**
     * Blocks of KEY=VALUE lines as systemctl show prints them, with what a hostile or broken host
     * adds.
     */
    @Provide
    Arbitrary<String> showOutput() {
        Arbitrary<String> value =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                4,
                                Arbitraries.of(
                                        "circus_user1_host1.service",
                                        "loaded",
                                        "not-found",
                                        "enabled",
                                        "active",
                                        "inactive",
                                        "failed",
                                        "running",
                                        "dead",
                                        "user1",
                                        "/etc/systemd/system/circus_user1_host1.service",
                                        "")),
                        Tuple.of(
                                2,
                                Arbitraries.strings()
                                        .withChars("a=b c\t\r\u00e9\u2028$'\"\\")
                                        .ofMaxLength(12)),
                        Tuple.of(
                                1,
                                Arbitraries.strings()
                                        .withCharRange('\u0001', '\u00ff')
                                        .ofMaxLength(8)));
        Arbitrary<String> property =
                Combinators.combine(Arbitraries.of(KEYS), value).as((k, v) -> k + "=" + v);
        Arbitrary<String> line =
                Arbitraries.frequencyOf(
                        Tuple.of(8, property),
                        Tuple.of(2, Arbitraries.just("")),
                        Tuple.of(
                                1,
                                Arbitraries.of(
                                        "Welcome to host1!",
                                        "=x",
                                        "\r",
                                        " ",
                                        "Failed to get properties: Access denied",
                                        "Id",
                                        "\u0000")),
                        Tuple.of(
                                1,
                                Arbitraries.strings()
                                        .withCharRange('\u0001', '\u00ff')
                                        .ofMaxLength(20)));
        return line.list()
                .ofMaxSize(24)
                .map(lines -> String.join("\n", lines))
                .flatMap(text -> Arbitraries.of(text, text + "\n", text.replace("\n", "\r\n")));
    }
}
