package dev.barnum.testfleet;

import java.nio.file.Path;

/** A host of a started fleet: where it listens, and what stands for it there now. */
final class HostRuntime {
    final String name;
    final HostKind kind;
    final String address;
    final Path dir;
    volatile int port;

    /** {@code unshare}, whose only child is the host's sshd; null while stopped. */
    volatile Process process;

    /** sshd_config lines of this host's own, after the standard ones. */
    volatile java.util.List<String> sshdOptions = java.util.List.of();

    /** The socket of a BLACKHOLE host; null while stopped (or in another fleet instance). */
    volatile Blackhole blackhole;

    HostRuntime(String name, HostKind kind, String address, Path dir) {
        this.name = name;
        this.kind = kind;
        this.address = address;
        this.dir = dir;
    }
}
