package dev.barnum.circus;

/**
 * A {@code circus.ini} (or a file it includes) that cannot be read, or that circusd itself would
 * refuse. The message is one line that starts with the file, then the line number where known:
 * {@code /users/u/circus/h/circus.ini:1: no section header (circusd refuses this file)}.
 */
public final class CircusIniException extends Exception {

    private static final long serialVersionUID = 1L;

    public CircusIniException(String message) {
        super(oneLine(message));
    }

    public CircusIniException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        return message.replaceAll("[\\r\\n]+", " ");
    }
}
