package dev.barnum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The captured outputs of real programs, copied verbatim from shared/fixtures into test resources.
 */
public final class Fixtures {

    private Fixtures() {}

    public static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no fixture " + name, e);
        }
    }

    public static String text(String name) {
        try {
            return Files.readString(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stdout of one command in a systemctl transcript ({@code $ command}, output lines, {@code
     * [exit N]}), exactly as printed.
     */
    public static String transcript(String file, String command) {
        String text = text(file);
        int start = text.indexOf("$ " + command + "\n");
        if (start < 0) {
            throw new IllegalArgumentException(file + " has no command " + command);
        }
        start += command.length() + 3;
        int end = text.indexOf("[exit ", start);
        return text.substring(start, end);
    }
}
