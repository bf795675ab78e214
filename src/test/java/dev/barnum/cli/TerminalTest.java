package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a descriptor's link in /proc says about it (links made here, as /proc shows them). */
class TerminalTest {

    @TempDir Path dir;

    private boolean linkedTo(String target) throws IOException {
        Path link = dir.resolve("fd-" + Integer.toHexString(target.hashCode()));
        Files.createSymbolicLink(link, Path.of(target));
        return Terminal.isTerminal(link);
    }

    @Test
    void terminalDevicesAreTerminals() throws IOException {
        assertThat(linkedTo("/dev/pts/3")).isTrue();
        assertThat(linkedTo("/dev/tty1")).isTrue();
        assertThat(linkedTo("/dev/console")).isTrue();
    }

    @Test
    void pipesFilesAndNullAreNot() throws IOException {
        assertThat(linkedTo("pipe:[48213]")).isFalse();
        assertThat(linkedTo("/dev/null")).isFalse();
        assertThat(linkedTo("/var/log/barnum.log")).isFalse();
        assertThat(linkedTo("socket:[9913]")).isFalse();
        assertThat(Terminal.isTerminal(Files.createFile(dir.resolve("plain")))).isFalse();
        assertThat(Terminal.isTerminal(dir.resolve("missing"))).isFalse();
    }

    @Test
    void theTestsOwnStderrIsNoTerminal() {
        // surefire and failsafe give a forked JVM pipes, never a terminal
        assertThat(Terminal.stderr()).isFalse();
    }
}
