package dev.barnum.testfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README shows the seed's whole report abridged; the report itself is only in the golden file
 * ({@link SeedReport}), which the fleet tests compare with what Barnum prints.
 */
class SeedReportTest {

    /**
     * Every host the README's "System Overview" shows is the golden report's, in its order, line by
     * line, where a {@code ...} line stands for one or more lines left out.
     */
    @Test
    void theReadmesSystemOverviewIsTheGoldenReportAbridged() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int command = readme.indexOf("$ ./barnum-cli --verbose");
        assertThat(command).as("the README's system overview").isPositive();
        List<String> block =
                readme.subList(command + 1, readme.size()).stream()
                        .takeWhile(line -> !line.startsWith("```"))
                        .dropWhile(line -> !line.startsWith("--- "))
                        .toList();
        Map<String, String> shown = sections(String.join("\n", block) + "\n");
        // the README's fleet has Barnum's default homes, /users/{user}/circus
        Map<String, String> golden = sections(SeedReport.golden().replace("@HOMES@", "/users"));
        assertThat(shown).as("hosts in the README").isNotEmpty();
        assertThat(List.copyOf(golden.keySet()))
                .as("the README's hosts, in the report's order")
                .containsSubsequence(List.copyOf(shown.keySet()));
        shown.forEach(
                (header, lines) ->
                        assertThat(golden.get(header))
                                .as("%s in the README", header)
                                .matches(abridged(lines)));
    }

    /** The report's parts by their {@code --- HOST ---} line, without trailing blank lines. */
    private static Map<String, String> sections(String report) {
        Map<String, String> sections = new LinkedHashMap<>();
        for (String part : report.split("(?m)^(?=--- )")) {
            if (!part.isBlank()) {
                sections.put(part.substring(0, part.indexOf('\n')), part.stripTrailing());
            }
        }
        return sections;
    }

    /**
     * A pattern of the lines, each {@code ...} line (indented or not) matching one or more lines.
     */
    private static Pattern abridged(String lines) {
        StringBuilder regex = new StringBuilder();
        for (String line : lines.split("\n", -1)) {
            if (!regex.isEmpty()) {
                regex.append("\n");
            }
            regex.append(line.strip().equals("...") ? "[^\n]*(?:\n[^\n]*)*?" : Pattern.quote(line));
        }
        return Pattern.compile(regex.toString());
    }
}
