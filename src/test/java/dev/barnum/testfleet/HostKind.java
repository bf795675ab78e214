package dev.barnum.testfleet;

/** What a simulated host's address does. */
public enum HostKind {
    /** sshd up, its host key in {@link TestFleet#knownHosts()}. */
    NORMAL,
    /** in ssh_config, but nothing listens on its address: connection refused. */
    REFUSED,
    /** sshd up, its host key NOT in {@link TestFleet#knownHosts()}. */
    UNKNOWN_HOST_KEY,
    /** a socket that accepts TCP connections and never sends a byte. */
    BLACKHOLE;

    /** Whether an sshd (with a host key, shims, units and circusds) stands for the host. */
    boolean hasSshd() {
        return this == NORMAL || this == UNKNOWN_HOST_KEY;
    }
}
