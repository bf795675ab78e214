package dev.barnum.config;

/**
 * Input Barnum refuses before doing anything: a malformed file, an unknown target, an unsafe
 * argument. The message is one line naming the file, line or argument (one line per problem when
 * several are reported at once).
 */
public final class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }
}
