package dev.barnum.systemd;

/**
 * What {@code systemctl show} says of one unit. Empty strings where systemd printed an empty value
 * ({@code User=} for a unit without a User= line).
 */
public record UnitStatus(
        String id,
        String loadState,
        String unitFileState,
        ActiveState activeState,
        String subState,
        String user,
        String fragmentPath) {

    public boolean loaded() {
        return !"not-found".equals(loadState);
    }

    public boolean enabled() {
        return "enabled".equals(unitFileState);
    }
}
