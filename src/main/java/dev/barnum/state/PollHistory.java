package dev.barnum.state;

import dev.barnum.remote.Reason;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * What polls before the last one leave behind, per host still in the fleet: when it last answered,
 * and how often each poll of it failed, by reason (counters since the service started).
 */
public record PollHistory(
        Map<String, Instant> lastSuccess, Map<String, SortedMap<Reason, Long>> failures) {

    public static final PollHistory NONE = new PollHistory(Map.of(), Map.of());

    public PollHistory {
        lastSuccess = Map.copyOf(lastSuccess);
        failures = Map.copyOf(failures);
    }

    public long failures(String host, Reason reason) {
        SortedMap<Reason, Long> counts = failures.get(host);
        return counts == null ? 0 : counts.getOrDefault(reason, 0L);
    }
}
