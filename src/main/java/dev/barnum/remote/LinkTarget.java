package dev.barnum.remote;

import java.util.Optional;

/**
 * A socket on a host, as the host itself resolves it: a TCP {@code host} and {@code port}, or a
 * Unix socket's {@code path}.
 */
public record LinkTarget(String host, int port, String path) {

    public static LinkTarget tcp(String host, int port) {
        return new LinkTarget(host, port, null);
    }

    public static LinkTarget unix(String path) {
        return new LinkTarget(null, -1, path);
    }

    /** The Unix socket's path, when this is one. */
    public Optional<String> unixPath() {
        return Optional.ofNullable(path);
    }

    @Override
    public String toString() {
        return path != null ? "unix:" + path : host + ":" + port;
    }
}
