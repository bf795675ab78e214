package dev.barnum.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The POSIX sh scripts Barnum runs on hosts, kept as resources beside the class that runs them (and
 * checked by shellcheck in the tests), never built from strings. A script takes its input as
 * positional parameters: {@code sh -c SCRIPT sh ARG...}, so no word of it is ever parsed by a
 * shell.
 */
public final class Scripts {

    private Scripts() {}

    /** The text of resource {@code name} next to {@code owner}. */
    public static String load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing script resource " + name + " beside " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
