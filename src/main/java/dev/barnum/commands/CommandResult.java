package dev.barnum.commands;

import java.util.List;

/**
 * What one circus command did on one (host, user): the argv run on the host, circusctl's exit
 * status (null when nothing ran), its output, how long it took, and how it ended.
 */
public record CommandResult(String host, String user, List<String> argv, Integer exitStatus, String stdout, String stderr,
        long durationMillis, Outcome outcome, String message) {
}
