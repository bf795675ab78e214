package dev.barnum.circus;

import java.util.List;
import java.util.regex.Pattern;

import dev.barnum.config.BadInputException;

/** Circus arguments typed by an operator: passed through verbatim, but only words a shell cannot misread. */
public final class CircusArgs {

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.,:=@%+/-]+");

    private CircusArgs() {
    }

    /** @throws BadInputException naming the first argument that holds anything else */
    public static List<String> check(List<String> args) {
        for (String arg : args) {
            if (!WORD.matcher(arg).matches()) {
                throw new BadInputException("refusing circus argument '" + arg
                        + "': only letters, digits and _ . , : = @ % + / - are allowed");
            }
        }
        return List.copyOf(args);
    }
}
