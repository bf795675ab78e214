package dev.barnum.state;

import dev.barnum.remote.Reason;
import dev.barnum.remote.ShellException;

/**
 * Why something could not be seen, as data: a reason from the closed set and a one-line message.
 */
public record Failure(Reason reason, String message) {

    public static Failure of(ShellException e) {
        return new Failure(e.reason(), e.getMessage());
    }
}
