package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every captured case in fixtures/circus-ini: what circus 0.19.0's own loader answered; each case's
 * folder is its home.
 */
class CircusIniFixturesTest {

    private static Path root() throws URISyntaxException {
        return Path.of(CircusIniFixturesTest.class.getResource("/fixtures/circus-ini").toURI());
    }

    static List<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    @Test
    void allCapturedCasesAreThere() throws Exception {
        assertThat(cases()).hasSize(17);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endpointIsWhatCircusComputed(String name) throws Exception {
        Path dir = root().resolve(name);
        Path ini = dir.resolve("circus.ini");
        String expected =
                Files.readString(dir.resolve("expected.txt"), StandardCharsets.UTF_8).strip();

        if (expected.startsWith("error=")) {
            assertThat(expected).isEqualTo("error=MissingSectionHeaderError");
            assertThatThrownBy(() -> CircusIni.endpoint(ini, dir))
                    .isInstanceOf(CircusIniException.class)
                    .hasMessageStartingWith(ini + ":1: ")
                    .hasMessageContaining("no section header")
                    .hasMessageNotContaining("\n");
        } else {
            assertThat(expected).startsWith("endpoint=");
            assertThat(CircusIni.endpoint(ini, dir).value())
                    .isEqualTo(expected.substring("endpoint=".length()));
        }
    }

    @Test
    void unknownVariableIsReportedUnresolved() throws Exception {
        Path unknown = root().resolve("env-variable-unknown");
        Path known = root().resolve("env-variable");
        assertThat(CircusIni.endpoint(unknown.resolve("circus.ini"), unknown).resolved()).isFalse();
        assertThat(CircusIni.endpoint(known.resolve("circus.ini"), known).resolved()).isTrue();
    }
}
