package dev.barnum;

import static org.assertj.core.api.Assertions.assertThat;

/** What the property tests of the parsers accept as a refusal. */
public final class Outcomes {

    private Outcomes() {}

    /** A refusal says why in one line: a message that is not blank and holds no line break. */
    public static void oneLine(Throwable refusal) {
        assertThat(refusal.getMessage())
                .as("the message of %s", refusal.getClass().getName())
                .isNotBlank()
                .doesNotContain("\n")
                .doesNotContain("\r");
    }
}
