package dev.barnum.bailey;

import java.util.List;
import java.util.Optional;

/**
 * What to find out on each host of a probe: the same for every host of a fan-out.
 *
 * @param onlyUser when present, only that user's unit; else every circus unit of the host
 * @param circusArgs an operator's circus command for each running unit (its output is the finding);
 *     empty: ask each circusd for {@code ask}
 * @param ask what Barnum itself asks each running circusd
 * @param trace where the steps are told ({@code --verbose})
 */
public record ProbeRequest(
        Optional<String> onlyUser, List<String> circusArgs, HostProbe.Ask ask, Trace trace) {

    public ProbeRequest {
        circusArgs = List.copyOf(circusArgs);
    }
}
