package dev.barnum.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery looks at the homes as root: what a user's links point to outside the home must not
 * show.
 */
class HomesTest {

    @TempDir Path root;

    @Test
    void aHostFolderLinkingOutsideTheHomeIsNoHostWhateverIsThere() throws Exception {
        Path home = Files.createDirectories(root.resolve("u/circus"));
        Files.writeString(
                Files.createDirectories(home.resolve("real")).resolve("circus.ini"), "[circus]\n");
        Files.createSymbolicLink(home.resolve("alias"), home.resolve("real"));
        Files.writeString(
                Files.createDirectories(root.resolve("root-only/exists")).resolve("circus.ini"),
                "[circus]\n");
        Files.createSymbolicLink(home.resolve("probe-exists"), root.resolve("root-only/exists"));
        Files.createSymbolicLink(home.resolve("probe-missing"), root.resolve("root-only/missing"));
        // a circus.ini that is a link is a host: reading it is refused then, in the open (see
        // CircusIni)
        Files.createSymbolicLink(
                Files.createDirectories(home.resolve("linked-ini")).resolve("circus.ini"),
                root.resolve("nowhere"));

        Inventory inventory = new Homes(root + "/{user}/circus").discover(List.of("u"));

        assertThat(inventory.hosts().keySet()).containsExactly("alias", "linked-ini", "real");
    }
}
