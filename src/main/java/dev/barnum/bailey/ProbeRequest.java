package dev.barnum.bailey;

import java.util.Optional;

/**
 * What to find out on each host of a probe: the same for every host of a fan-out.
 *
 * @param onlyUser when present, only that user's unit; else every circus unit of the host
 * @param ask what Barnum asks each running circusd
 * @param trace where the steps are told ({@code --verbose})
 */
public record ProbeRequest(Optional<String> onlyUser, HostProbe.Ask ask, Trace trace) {}
