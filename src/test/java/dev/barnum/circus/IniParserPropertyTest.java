package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.Outcomes;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A circus.ini is its user's to write: parsing gives sections or a one-line {@link
 * CircusIniException}, nothing else.
 */
class IniParserPropertyTest {

    @Property(tries = 10000)
    void sectionsOrAOneLineRefusalNamingTheFile(@ForAll("ini") String text) {
        Map<String, Map<String, String>> sections;
        try {
            sections = IniParser.parse(text, "/users/u/circus/h/circus.ini");
        } catch (CircusIniException e) {
            Outcomes.oneLine(e);
            assertThat(e.getMessage()).startsWith("/users/u/circus/h/circus.ini:");
            return;
        }
        sections.forEach(
                (name, keys) -> {
                    assertThat(name).isNotEmpty();
                    keys.forEach(
                            (key, value) -> {
                                assertThat(key).doesNotContain("\n", "\r");
                                assertThat(value)
                                        .isNotNull()
                                        .doesNotStartWith(" ")
                                        .doesNotEndWith(" ");
                            });
                });
    }

    @Provide
    Arbitrary<String> ini() {
        return IniGenerators.text(IniGenerators.patterns());
    }
}
