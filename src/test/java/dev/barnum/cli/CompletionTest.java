package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code barnum-cli generate-completion}: the script picocli generates, sourced by a real bash and
 * asked for completions as bash asks when TAB is pressed; hosts and users come from the homes.
 */
class CompletionTest {

    @TempDir Path dir;

    private Map<String, String> config;

    @BeforeEach
    void homes() throws IOException {
        Path users = Files.writeString(dir.resolve("circus_users.yaml"), "- user1\n- user2\n");
        for (String pair :
                List.of("user1/alpha", "user1/beta", "user2/beta", "user1/x$(touch pwned)")) {
            Path host =
                    Files.createDirectories(
                            dir.resolve("homes").resolve(pair.replace("/", "/circus/")));
            Files.writeString(
                    host.resolve("circus.ini"), "[circus]\nendpoint = tcp://127.0.0.1:5555\n");
        }
        config =
                Map.of(
                        "barnum.users-file",
                        users.toString(),
                        "barnum.homes",
                        dir.resolve("homes") + "/{user}/circus");
    }

    /**
     * What bash would put in place of the last of {@code words} (the word being completed), split
     * as bash splits them: {@code user1@al} is {@code user1}, {@code @}, {@code al}.
     */
    private List<String> complete(Path script, String... words) throws Exception {
        return complete(script, true, words);
    }

    /**
     * @param atBreaksWords whether {@code @} is among bash's word breaks ({@code COMP_WORDBREAKS}),
     *     as it is by default
     */
    private List<String> complete(Path script, boolean atBreaksWords, String... words)
            throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        String bash =
                "source \"$1\"\n"
                        + (atBreaksWords ? "" : "COMP_WORDBREAKS=${COMP_WORDBREAKS//@/}\n")
                        + "COMP_WORDS=("
                        + array
                        + ")\n"
                        + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                        + "COMP_LINE=\"${COMP_WORDS[*]}\"\n"
                        + "COMP_POINT=${#COMP_LINE}\n"
                        + "_complete_barnum-cli_whole_words barnum-cli \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\""
                        // compopt only works under a real TAB: its complaint is not a candidate
                        + " 2> >(grep -v 'compopt: not currently executing completion function' >&2)\n"
                        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        return bash(bash, script).lines().filter(line -> !line.isBlank()).sorted().toList();
    }

    private String bash(String commands, Path script) throws Exception {
        Process bash =
                new ProcessBuilder("bash", "-c", commands, "bash", script.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(out).isZero();
        return out;
    }

    private Path script(Map<String, String> config) throws IOException {
        CliRun run = CliRun.of(config, "generate-completion");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        return Files.writeString(dir.resolve("barnum-cli.bash"), run.out());
    }

    @Test
    void bashCompletesCommandsOptionsHostsAndUsersOfTheHomes() throws Exception {
        Path script = script(config);
        assertThat(bash("source \"$1\"; complete -p barnum-cli", script))
                .contains("-F _complete_barnum-cli_whole_words")
                .endsWith(" barnum-cli\n");
        assertThat(complete(script, "barnum-cli", ""))
                .contains(
                        "alpha",
                        "beta",
                        "user1@alpha",
                        "user1@beta",
                        "user2@beta",
                        "bailey",
                        "serve",
                        "generate-completion");
        assertThat(complete(script, "barnum-cli", "alp")).containsExactly("alpha");
        assertThat(complete(script, "barnum-cli", "user1", "@"))
                .as("the @ bash split at, and what follows it")
                .containsExactly("@alpha", "@beta");
        assertThat(complete(script, "barnum-cli", "user2", "@", "b")).containsExactly("@beta");
        assertThat(complete(script, "./barnum-cli", "alp")).containsExactly("alpha");
        assertThat(complete(script, "/opt/barnum/barnum-cli", "bailey", "u"))
                .containsExactly("user1", "user2");
        assertThat(complete(script, "barnum-cli", "user1", "@", "alpha", "--out"))
                .containsExactly("--output");
        assertThat(complete(script, false, "barnum-cli", "user1@"))
                .as("no @ among the word breaks: the whole word")
                .containsExactly("user1@alpha", "user1@beta");
        assertThat(complete(script, "barnum-cli", "ba")).containsExactly("bailey");
        assertThat(complete(script, "barnum-cli", "--out")).containsExactly("--output");
        assertThat(complete(script, "barnum-cli", "--output", "")).containsExactly("json", "text");
        assertThat(complete(script, "barnum-cli", "bailey", "u")).containsExactly("user1", "user2");
        assertThat(complete(script, "barnum-cli", "a")).containsExactly("all", "alpha");
        assertThat(complete(script, "barnum-cli", "logs", ""))
                .containsExactly("user1@alpha", "user1@beta", "user2@beta");
        assertThat(complete(script, "barnum-cli", "logs", "user2", "@")).containsExactly("@beta");
        assertThat(Files.exists(dir.resolve("pwned"))).as("a host name is never run").isFalse();
        assertThat(Files.readString(script)).doesNotContain("pwned");
    }

    @Test
    void homesThatCannotBeReadLeaveTheCommandsAndOptions() throws Exception {
        Path script = script(Map.of("barnum.users-file", dir.resolve("missing.yaml").toString()));
        assertThat(complete(script, "barnum-cli", ""))
                .contains("bailey", "serve")
                .doesNotContain("alpha");
        assertThat(complete(script, "barnum-cli", "--verb")).containsExactly("--verbose");
    }
}
