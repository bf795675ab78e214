package dev.barnum.circus;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The control endpoint of one circusd, as its {@code circus.ini} names it ({@code tcp://host:port}
 * or {@code ipc:///path}), kept verbatim.
 *
 * @param value the endpoint text, never null
 */
public record Endpoint(String value) {

    /** circusd's own default when {@code [circus] endpoint} is absent. */
    public static final Endpoint DEFAULT = new Endpoint("tcp://127.0.0.1:5555");

    private static final Pattern ENV_REFERENCE =
            Pattern.compile(
                    "(\\$\\(|\\(\\()circus\\.env\\.",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    public Endpoint {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Whether the value is final. False when it still holds a {@code $(circus.env.NAME)} or {@code
     * ((circus.env.NAME))} reference (any case) that {@code [env]} did not define: circusd would
     * take it from its own process environment, which Barnum cannot see.
     */
    public boolean resolved() {
        return !ENV_REFERENCE.matcher(value).find();
    }
}
