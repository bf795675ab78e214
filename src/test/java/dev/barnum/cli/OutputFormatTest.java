package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputFormatTest {

    private static void assertRequested(boolean json, List<List<String>> cases) {
        for (List<String> words : cases) {
            assertThat(OutputFormat.requested(words)).as("%s", words).isEqualTo(json);
        }
    }

    @Test
    void jsonIsAskedForInEveryFormPicocliTakes() {
        assertRequested(
                true,
                List.of(
                        List.of("host1", "--output", "json"),
                        List.of("--output=json"),
                        List.of("-o", "json", "--verbose"),
                        List.of("-ojson"),
                        List.of("-o=JSON"),
                        List.of("--output", "Json")));
    }

    @Test
    void anythingElseIsText() {
        assertRequested(
                false,
                List.of(
                        List.of(),
                        List.of("host1"),
                        List.of("--output", "text"),
                        List.of("--output"),
                        List.of("json"),
                        List.of("--output=yaml"),
                        List.of("--verbose", "json")));
    }

    @Test
    void completionOffersTheLowerCaseNames() {
        assertThat(new OutputFormat.Names()).containsExactly("text", "json");
    }
}
