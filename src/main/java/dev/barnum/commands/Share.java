package dev.barnum.commands;

import dev.barnum.config.BadInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A count ({@code 10}) or a percentage ({@code 25%}) of the pairs a rolling command reaches.
 *
 * @param amount the count, or the percentage (0 to 100)
 */
public record Share(int amount, boolean percent) {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,6})(%?)");

    /**
     * @param option the option or field it came from, for the error ({@code --batch})
     * @param least the smallest amount allowed (1 for a batch, 0 for a failure limit)
     * @throws BadInputException naming the option when the text is neither shape or out of range
     */
    public static Share parse(String text, String option, int least) {
        Matcher m = SHAPE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new BadInputException(
                    option
                            + ": expected a count (10) or a percentage (25%), got '"
                            + (text == null ? "" : text)
                            + "'");
        }
        int amount = Integer.parseInt(m.group(1));
        boolean percent = !m.group(2).isEmpty();
        if (amount < least || (percent && amount > 100)) {
            throw new BadInputException(
                    option
                            + ": "
                            + text.strip()
                            + " is out of range ("
                            + (percent ? least + "% to 100%" : "at least " + least)
                            + ")");
        }
        return new Share(amount, percent);
    }

    /** A batch's size among {@code total} pairs: a percentage rounds up, and is at least 1. */
    public int batchOf(int total) {
        if (!percent) {
            return amount;
        }
        return Math.max(1, (int) Math.ceil(total * (amount / 100.0)));
    }

    /** How many failures among {@code total} pairs are still allowed: a percentage rounds down. */
    public int limitOf(int total) {
        return percent ? (int) Math.floor(total * (amount / 100.0)) : amount;
    }

    @Override
    public String toString() {
        return amount + (percent ? "%" : "");
    }
}
