package dev.barnum.systemd;

import java.util.Locale;

/** systemd's ActiveState of a unit; {@link #UNKNOWN} for anything else systemd may print. */
public enum ActiveState {
    ACTIVE,
    RELOADING,
    INACTIVE,
    FAILED,
    ACTIVATING,
    DEACTIVATING,
    UNKNOWN;

    public static ActiveState parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** Whether a circusd may be running under the unit, so that asking it makes sense. */
    public boolean circusExpected() {
        return this != INACTIVE && this != FAILED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
