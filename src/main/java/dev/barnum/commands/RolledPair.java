package dev.barnum.commands;

/**
 * One pair's part in a rolling command: its batch (from 1), what the command did there, and whether
 * the watchers it touched came back to the state it asked for.
 *
 * @param settled what circusd said of those watchers at the end of the settle time, or why it was
 *     not checked
 */
public record RolledPair(int batch, CommandResult command, Settling settling, String settled) {

    /** Whether a pair's watchers were seen in the state its command asked for. */
    public enum Settling {
        /** Every watcher it touched was in that state before the settle time ran out. */
        SETTLED,
        /** The command succeeded but a watcher was not in that state in time. */
        UNSETTLED,
        /** Not checked: the command failed or was skipped, or asks for no state (status, stats). */
        UNCHECKED
    }

    /**
     * A failure counts against the rolling command's limit: circus said no, the command could not
     * run or was not answered, it was cut by the service's stop, or its watchers did not settle.
     */
    public boolean failed() {
        return switch (command.outcome()) {
            case ERROR, FAILED, TIMEOUT, INTERRUPTED -> true;
            default -> settling == Settling.UNSETTLED;
        };
    }
}
