package dev.barnum.commands;

import dev.barnum.discovery.Shard;

/** A command names a host that another instance polls and commands. Nothing runs. */
public final class OtherShardException extends RuntimeException {

    private final transient Shard owner;

    OtherShardException(String host, Shard owner, Shard self) {
        super(
                host
                        + " belongs to shard "
                        + owner
                        + "; this instance is shard "
                        + self
                        + " (barnum.shard): send the command to that instance");
        this.owner = owner;
    }

    /** The shard that owns the host. */
    public Shard owner() {
        return owner;
    }
}
