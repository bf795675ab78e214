package dev.barnum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("circus_users.yaml"), yaml);
    }

    @Test
    void readsTheSeedsList() throws IOException {
        assertThat(UsersFile.load(write("---\n\n- user1\n- user2\n"))).containsExactly("user1", "user2");
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
        assertThatThrownBy(() -> UsersFile.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":").hasMessageContaining("malformed YAML").message().doesNotContain("\n");
    }

    @Test
    void aMappingIsNotAList() throws IOException {
        Path file = write("users:\n  - user1\n");
        assertThatThrownBy(() -> UsersFile.load(file)).hasMessage(file + ":1: expected a YAML list of user names (- user1)");
    }

    @Test
    void aNonStringEntryNamesItsLine() throws IOException {
        Path file = write("- user1\n- 42\n");
        assertThatThrownBy(() -> UsersFile.load(file)).hasMessageStartingWith(file + ":2: expected a user name, found '42'");
        Path nested = write("- user1\n- [a, b]\n");
        assertThatThrownBy(() -> UsersFile.load(nested)).hasMessage(nested + ":2: expected a user name, found a sequence");
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
        assertThatThrownBy(() -> UsersFile.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": the users file does not exist");
    }
}
