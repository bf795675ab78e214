package dev.barnum.cli;

import java.util.Arrays;
import java.util.List;

/**
 * Splits a command line at its first {@code --}: the words before are the command's own, the words
 * after are passed on untouched (to bailey, or to circus), later {@code --}s included.
 */
public record ArgSplit(List<String> head, List<String> tail) {

    public static ArgSplit of(String... args) {
        return of(Arrays.asList(args));
    }

    public static ArgSplit of(List<String> args) {
        int at = args.indexOf("--");
        return at < 0
                ? new ArgSplit(List.copyOf(args), List.of())
                : new ArgSplit(
                        List.copyOf(args.subList(0, at)),
                        List.copyOf(args.subList(at + 1, args.size())));
    }
}
