package dev.barnum.commands;

import dev.barnum.config.BadInputException;
import java.time.Duration;
import java.util.Optional;

/**
 * How a command rolls over its pairs: batches of {@code batch} pairs in a stable order, no further
 * batch once more than {@code maxFailures} pairs failed, each batch's watchers given {@code settle}
 * to be back in the state the command asked for, and {@code pause} between batches.
 */
public record RollingPlan(Share batch, Share maxFailures, Duration settle, Duration pause) {

    /** Time for a watcher to be active again after start, restart, incr, decr or reload. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(5);

    /** The longest settle or pause accepted (a typo such as 5000s is refused, not waited out). */
    static final Duration LONGEST = Duration.ofHours(1);

    /**
     * The plan from an operator's words (CLI options or REST fields); empty when no batch is given:
     * the command then runs everywhere at once.
     *
     * @param settle a duration such as {@code 10s}, {@code 500ms}, {@code 2m} or {@code PT10S}
     * @throws BadInputException naming the option when a value cannot be used, or when the other
     *     options are given without a batch
     */
    public static Optional<RollingPlan> of(
            String batch, String maxFailures, String settle, String pause) {
        if (batch == null) {
            if (maxFailures != null || settle != null || pause != null) {
                throw new BadInputException(
                        "--max-failures, --settle and --pause need --batch (a count or a percentage)");
            }
            return Optional.empty();
        }
        return Optional.of(
                new RollingPlan(
                        Share.parse(batch, "--batch", 1),
                        maxFailures == null
                                ? new Share(0, false)
                                : Share.parse(maxFailures, "--max-failures", 0),
                        settle == null ? DEFAULT_SETTLE : duration(settle, "--settle"),
                        pause == null ? Duration.ZERO : duration(pause, "--pause")));
    }

    /** The same plan without pauses: a dry run waits for nothing. */
    public RollingPlan withoutPause() {
        return new RollingPlan(batch, maxFailures, settle, Duration.ZERO);
    }

    /**
     * {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT10S}).
     *
     * @throws BadInputException naming the option
     */
    static Duration duration(String text, String option) {
        String t = text.strip();
        Duration d;
        try {
            if (t.matches("\\d{1,7}ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.matches("\\d{1,7}[smh]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                d =
                        switch (t.charAt(t.length() - 1)) {
                            case 's' -> Duration.ofSeconds(n);
                            case 'm' -> Duration.ofMinutes(n);
                            default -> Duration.ofHours(n);
                        };
            } else {
                d = Duration.parse(t);
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadInputException(
                    option + ": expected a duration such as 10s, 500ms or 2m, got '" + text + "'");
        }
        if (d.isNegative() || d.compareTo(LONGEST) > 0) {
            throw new BadInputException(option + ": " + t + " is out of range (0 to 1h)");
        }
        return d;
    }
}
