package dev.barnum.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process's stderr is a terminal, where the progress line may go. Java 17 cannot ask
 * {@code isatty}, so it reads where Linux's {@code /proc/self/fd/2} leads: a terminal device
 * ({@code /dev/pts/N}, {@code /dev/ttyN}, {@code /dev/console}); a pipe, a file or {@code
 * /dev/null} is not one, nor anything that cannot be read.
 */
public final class Terminal {

    private Terminal() {}

    public static boolean stderr() {
        return isTerminal(Path.of("/proc/self/fd/2"));
    }

    static boolean isTerminal(Path descriptor) {
        try {
            String device = Files.readSymbolicLink(descriptor).toString();
            return device.startsWith("/dev/pts/")
                    || device.startsWith("/dev/tty")
                    || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
