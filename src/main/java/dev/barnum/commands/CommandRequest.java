package dev.barnum.commands;

import java.util.List;

/**
 * A circus command for a target: {@code {"target": "host1", "args": ["restart", "web"], "dryRun":
 * false}}.
 *
 * @param target {@code all}, {@code host} or {@code user@host}
 * @param args circus's command and its arguments, as circusctl takes them
 */
public record CommandRequest(String target, List<String> args, boolean dryRun) {}
