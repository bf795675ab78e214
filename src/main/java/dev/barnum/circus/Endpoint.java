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
     * Where a link to this endpoint goes, as the monitored host resolves it: {@code
     * tcp://HOST:PORT} (a wildcard host {@code *} or {@code 0.0.0.0} is the host itself, {@code
     * [v6]} brackets dropped) or {@code ipc://PATH}.
     *
     * @throws IllegalArgumentException when it is neither, or its port is not one
     */
    public dev.barnum.remote.LinkTarget target() {
        if (value.startsWith("ipc://") && value.length() > "ipc://".length()) {
            return dev.barnum.remote.LinkTarget.unix(value.substring("ipc://".length()));
        }
        int colon = value.lastIndexOf(':');
        if (!value.startsWith("tcp://") || colon <= "tcp://".length()) {
            throw new IllegalArgumentException(
                    "endpoint " + value + " is neither tcp://HOST:PORT nor ipc://PATH");
        }
        String host = value.substring("tcp://".length(), colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint " + value + " has no valid port");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("*") || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return dev.barnum.remote.LinkTarget.tcp(host, port);
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
