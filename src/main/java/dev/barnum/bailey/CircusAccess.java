package dev.barnum.bailey;

import dev.barnum.circus.CircusctlCommands;
import dev.barnum.circus.wire.CircusChannels;
import java.util.Optional;

/**
 * How circusds are asked: over circus's own protocol through each host's SSH session ({@code wire},
 * when the transport is {@code direct}) with circusctl where a host refuses to forward, or with
 * circusctl alone; an operator's passthrough command always runs circusctl.
 */
public record CircusAccess(CircusctlCommands circusctl, Optional<CircusChannels> wire) {

    public static CircusAccess circusctlOnly(CircusctlCommands circusctl) {
        return new CircusAccess(circusctl, Optional.empty());
    }
}
