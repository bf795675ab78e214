package dev.barnum.circus;

import java.util.Locale;

/**
 * A circus watcher's state: exactly these four, {@link #UNKNOWN} when circus could not be asked or
 * said otherwise.
 */
public enum WatcherState {
    ACTIVE,
    STARTING,
    STOPPING,
    STOPPED,
    UNKNOWN;

    public static WatcherState parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
