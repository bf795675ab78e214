package dev.barnum.circus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pure and stateful, one per circusd: tells how each reaped process ended from the events before
 * it. A {@code reap} of a pid circus itself killed is {@link ExitOutcome#REQUESTED}; otherwise the
 * exit code says it. Circus publishes a stop, decr or restart as {@code kill} then {@code reap} of
 * the same pid (then {@code stop}), a crash as {@code reap} then the replacement's {@code spawn}.
 * Bounded: it remembers at most {@link #REMEMBERED} killed pids, the oldest forgotten first (a kill
 * whose reap never came).
 */
public final class ProcessExits {

    static final int REMEMBERED = 4096;

    private final Map<Long, Boolean> killed =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            };

    /**
     * Takes the next event of this circusd.
     *
     * @return for a {@code reap}, how its process ended; else empty
     */
    public Optional<ExitOutcome> next(CircusEvent event) {
        switch (event.kind()) {
            case KILL -> {
                event.pid().ifPresent(pid -> killed.put(pid, true));
                return Optional.empty();
            }
            case REAP -> {
                if (event.pid().isPresent() && killed.remove(event.pid().getAsLong()) != null) {
                    return Optional.of(ExitOutcome.REQUESTED);
                }
                int exit = event.exitCode().orElse(0);
                return Optional.of(
                        exit == 0
                                ? ExitOutcome.CLEAN
                                : exit > 0 ? ExitOutcome.ERROR : ExitOutcome.SIGNAL);
            }
            default -> {
                return Optional.empty();
            }
        }
    }
}
