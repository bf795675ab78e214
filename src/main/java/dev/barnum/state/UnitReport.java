package dev.barnum.state;

import dev.barnum.systemd.UnitStatus;

/**
 * One circus unit on a host: its systemd state, whose circus it is ({@code listed} when the user is
 * in circus_users.yaml), what circus said, and whether it is {@code unexpected}: no circus.ini in
 * the homes names its user and host (a unit whose user cannot be told is unexpected too).
 */
public record UnitReport(
        UnitStatus status, String user, boolean listed, CircusFinding circus, boolean unexpected) {

    /** A unit some circus.ini in the homes names. */
    public UnitReport(UnitStatus status, String user, boolean listed, CircusFinding circus) {
        this(status, user, listed, circus, false);
    }

    public String unit() {
        return status.id();
    }

    /** The same unit with another systemd state (last seen, its host now silent). */
    public UnitReport withStatus(UnitStatus changed) {
        return new UnitReport(changed, user, listed, circus, unexpected);
    }

    /** The same unit with another finding (an event changed a watcher's state). */
    public UnitReport withCircus(CircusFinding changed) {
        return new UnitReport(status, user, listed, changed, unexpected);
    }
}
