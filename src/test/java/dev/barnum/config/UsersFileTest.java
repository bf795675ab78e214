package dev.barnum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    @TempDir Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("circus_users.yaml"), yaml);
    }

    @Test
    void readsTheSeedsList() throws IOException {
        assertThat(UsersFile.load(write("---\n\n- user1\n- user2\n")))
                .containsExactly("user1", "user2");
    }

    @Test
    void anEmptyFileHasNoUsers() throws IOException {
        assertThat(UsersFile.load(write(""))).isEmpty();
    }

    @Test
    void dropsDuplicates() throws IOException {
        assertThat(UsersFile.load(write("- user1\n- user1\n"))).containsExactly("user1");
    }

    @Test
    void malformedYamlNamesFileAndLine() throws IOException {
        Path file = write("- user1\n- [user2\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("malformed YAML")
                .message()
                .doesNotContain("\n");
    }

    @Test
    void aMappingIsNotAList() throws IOException {
        Path file = write("users:\n  - user1\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .hasMessage(file + ":1: expected a YAML list of user names (- user1)");
    }

    @Test
    void aNonStringEntryNamesItsLine() throws IOException {
        Path file = write("- user1\n- 42\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .hasMessageStartingWith(file + ":2: expected a user name, found '42'");
        Path nested = write("- user1\n- [a, b]\n");
        assertThatThrownBy(() -> UsersFile.load(nested))
                .hasMessage(nested + ":2: expected a user name, found a sequence");
    }

    @Test
    void anInvalidNameNamesItsLine() throws IOException {
        Path file = write("- user1\n- \"bob; rm -rf /\"\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .hasMessage(file + ":2: 'bob; rm -rf /' is not a valid Unix user name");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> UsersFile.load(file))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": the users file does not exist");
    }

    /**
     * Writes {@code - } and a name of {@code length} letters on one line, without holding it in
     * memory.
     */
    private Path oneLine(String name, long length) throws IOException {
        Path file = dir.resolve(name);
        byte[] chunk = "a".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("- ".getBytes(StandardCharsets.US_ASCII));
            for (long left = length; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.write('\n');
        }
        return file;
    }

    /**
     * snakeyaml's scanner is quadratic in a line's length: 6 MB took 14 s or more, 50 MB never
     * ended.
     */
    @Test
    @Timeout(
            value = 120,
            threadMode =
                    Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a measure
    void aSixMegabyteLineIsRefusedBySize() throws IOException {
        Path file = oneLine("six.yaml", 6_000_000);
        assertThatThrownBy(() -> UsersFile.load(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": larger than 1048576 bytes; a users file is a list of names");
    }

    @Test
    @Timeout(
            value = 120,
            threadMode =
                    Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a measure
    void aFiftyMegabyteLineIsRefusedBySize() throws IOException {
        Path file = oneLine("fifty.yaml", 50_000_000);
        assertThatThrownBy(() -> UsersFile.load(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": larger than 1048576 bytes; a users file is a list of names");
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; yaml.length() < UsersFile.SIZE_LIMIT - 20; i++) {
            yaml.append("- u").append(i % 1000).append('\n');
        }
        yaml.append("#".repeat(UsersFile.SIZE_LIMIT - yaml.length() - 1)).append('\n');
        Path file = write(yaml.toString());
        assertThat(Files.size(file)).isEqualTo(1_048_576);
        assertThat(UsersFile.load(file)).hasSize(1000).startsWith("u0", "u1");
        Files.writeString(file, "\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> UsersFile.load(file))
                .hasMessage(file + ": larger than 1048576 bytes; a users file is a list of names");
    }

    /**
     * Within the size limit, a single line of 1 MiB still cost the scanner most of a second; a
     * comment too.
     */
    @Test
    void aLineLongerThanTheLimitIsRefusedNamingIt() throws IOException {
        Path file = write("- user1\r\n# " + "c".repeat(UsersFile.LINE_LIMIT) + "\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":2: line longer than 65536 characters");
        String flow =
                java.util.stream.IntStream.range(0, 5000)
                        .mapToObj(i -> "user" + i)
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]\n"));
        assertThat(UsersFile.load(write(flow))).hasSize(5000);
    }

    /** The whole bad value used to be quoted: a message of a megabyte, or of several lines. */
    @Test
    void aMessageIsOneShortLineWhateverTheValue() throws IOException {
        Path file = write("- \"bob\\nrm -rf /\"\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .hasMessage(file + ":1: 'bob\\nrm -rf /' is not a valid Unix user name");
        Path longName = write("- " + "a".repeat(50_000) + "\n");
        assertThatThrownBy(() -> UsersFile.load(longName))
                .hasMessage(
                        longName
                                + ":1: '"
                                + "a".repeat(64)
                                + "... (50000 characters)' is not a valid Unix user name");
    }

    /** snakeyaml's Tag.getClassName threw its own exception for a tag like this one. */
    @Test
    void aTaggedEntryIsRefusedNamingItsTag() throws IOException {
        Path file = write("- user1\n- !$ x\n- !!int 7\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ":2: expected a user name, found 'x' (!$)");
        Path integer = write("- !!int 7\n");
        assertThatThrownBy(() -> UsersFile.load(integer))
                .hasMessage(integer + ":1: expected a user name, found '7' (int)");
    }

    @Test
    void textThatIsNotUtf8IsRefused() throws IOException {
        Path file =
                Files.write(
                        dir.resolve("latin1.yaml"), new byte[] {'-', ' ', 'j', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> UsersFile.load(file))
                .hasMessage(file + ": cannot read the users file: not UTF-8 text");
    }
}
