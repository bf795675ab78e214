package dev.barnum.commands;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.barnum.circus.CircusArgs;
import dev.barnum.config.BadInputException;

/**
 * Which circus commands the service sends: an allow-list, and never {@code restart} without a
 * watcher name (on a tcp endpoint circusd restarts its arbiter in-process, cannot re-bind its port
 * and exits).
 */
public final class CommandPolicy {

    /** Commands whose first argument, when given, is a watcher name. */
    private static final Set<String> WATCHER_FIRST = Set.of("start", "stop", "restart", "reload", "incr", "decr", "status",
            "stats", "list", "numprocesses");

    private final Set<String> allowed;

    public CommandPolicy(List<String> allowed) {
        this.allowed = Set.copyOf(allowed.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * @return the arguments, checked
     * @throws BadInputException naming the command or argument refused
     */
    public List<String> check(List<String> args) {
        if (args == null || args.isEmpty()) {
            throw new BadInputException("no circus command given (args is empty)");
        }
        CircusArgs.check(args);
        String command = action(args);
        if (!allowed.contains(command)) {
            throw new BadInputException("circus command '" + args.get(0) + "' is not allowed (allowed: "
                    + String.join(", ", allowed()) + ")");
        }
        if (command.equals("restart") && watcher(args).isEmpty()) {
            throw new BadInputException("restart needs a watcher name: restarting the whole arbiter stops circusd on tcp endpoints");
        }
        return List.copyOf(args);
    }

    /** The allowed circus commands, sorted. */
    public java.util.SortedSet<String> allowed() {
        return new java.util.TreeSet<>(allowed);
    }

    /** The circus command, lower-cased as circus matches it. */
    public static String action(List<String> args) {
        return args.get(0).toLowerCase(Locale.ROOT);
    }

    /** The watcher a command names, if any (options such as {@code --waiting} are not names). */
    public static Optional<String> watcher(List<String> args) {
        if (args.size() < 2 || !WATCHER_FIRST.contains(action(args)) || args.get(1).startsWith("-")) {
            return Optional.empty();
        }
        return Optional.of(args.get(1));
    }
}
