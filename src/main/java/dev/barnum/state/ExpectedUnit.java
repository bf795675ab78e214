package dev.barnum.state;

import dev.barnum.systemd.ActiveState;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A circus unit the homes say a host should run: {@code ini}, the circus.ini of {@code user} (a
 * user of circus_users.yaml) for the host, expects {@code unit} there. Known without asking the
 * host, so it is in every snapshot, whether or not the host answers.
 */
public record ExpectedUnit(String user, String unit, Path ini) {

    /** What the host showed of an expected unit. */
    public enum Presence {
        /** Installed, loaded, enabled, and its circusd answers whenever the unit is active. */
        PRESENT,
        /** systemd does not know the unit ({@code LoadState=not-found}). */
        NOT_INSTALLED,
        /** systemd cannot load the unit: {@code LoadState=masked}, {@code error}, ... */
        NOT_LOADED,
        /** The unit file is there but not enabled: it will not start at the next boot. */
        DISABLED,
        /** The unit is active but its circusd did not answer. */
        CIRCUSD_DOWN,
        /** The host has not answered since Barnum started: nothing was ever seen of the unit. */
        UNKNOWN;

        /** {@code present}, {@code not_installed}, ...: the name in JSON and MBeans. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * What the unit report shows of an expected unit: its state as the host gave it, or as it
         * was last seen while the host does not answer (then its circusd is not judged).
         */
        public static Presence of(UnitReport unit) {
            String load = unit.status().loadState();
            if (!unit.status().loaded()) {
                return NOT_INSTALLED;
            }
            if (!load.equals("loaded") && !load.isEmpty()) {
                return NOT_LOADED;
            }
            if (!unit.status().enabled()) {
                return DISABLED;
            }
            ActiveState state = unit.status().activeState();
            boolean running = state == ActiveState.ACTIVE || state == ActiveState.RELOADING;
            return running && !unit.circus().answered() ? CIRCUSD_DOWN : PRESENT;
        }
    }
}
