package dev.barnum.bailey;

import java.util.List;
import java.util.Optional;

/**
 * An operator's circus command for each running unit of each host of a fan-out.
 *
 * @param onlyUser when present, only that user's unit; else every circus unit of the host
 * @param circusArgs circus's words, checked by the command policy
 * @param trace where the steps are told ({@code --verbose})
 */
public record PassthroughRequest(Optional<String> onlyUser, List<String> circusArgs, Trace trace) {

    public PassthroughRequest {
        circusArgs = List.copyOf(circusArgs);
    }
}
