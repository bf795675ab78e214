package dev.barnum.state;

import dev.barnum.systemd.UnitStatus;

/**
 * One circus unit on a host: its systemd state, whose circus it is ({@code listed} when the user is
 * in circus_users.yaml) and what circus said.
 */
public record UnitReport(UnitStatus status, String user, boolean listed, CircusFinding circus) {

    public String unit() {
        return status.id();
    }
}
