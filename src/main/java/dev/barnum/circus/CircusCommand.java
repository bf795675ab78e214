package dev.barnum.circus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: the message circusctl would send for its command-line words, for the commands the service
 * allows by default: {@code status|list|numprocesses [NAME]}, {@code numwatchers}, {@code stats
 * [NAME [PID]] [--extended]}, {@code start|stop|restart [NAME] [--waiting]}, {@code reload [NAME]
 * [--terminate] [--waiting]}, {@code incr|decr NAME [NB] [--waiting]}. Words it cannot map (another
 * command, another option, one word too many) have no message: circusctl itself runs them.
 *
 * @param command circus's command name
 * @param properties its properties, in circusctl's names
 */
public record CircusCommand(String command, Map<String, Object> properties) {

    /** The message for {@code args} (the command first), if circusctl's words are all known. */
    public static Optional<CircusCommand> of(List<String> args) {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        String command = args.get(0).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String word : args.subList(1, args.size())) {
            if (!word.startsWith("--")) {
                words.add(word);
            } else if (!option(command, word, properties)) {
                return Optional.empty();
            }
        }
        boolean mapped =
                switch (command) {
                    case "numwatchers" -> words.isEmpty();
                    case "status", "list", "numprocesses", "start", "stop", "restart", "reload" ->
                            named(words, properties, null);
                    case "stats" -> named(words, properties, "process");
                    case "incr", "decr" -> !words.isEmpty() && named(words, properties, "nb");
                    default -> false;
                };
        return mapped
                ? Optional.of(new CircusCommand(command, Map.copyOf(properties)))
                : Optional.empty();
    }

    /** {@code --waiting}, {@code --terminate}, {@code --extended}, where circusctl takes them. */
    private static boolean option(String command, String word, Map<String, Object> properties) {
        switch (word) {
            case "--waiting" -> {
                if (!List.of("start", "stop", "restart", "reload", "incr", "decr")
                        .contains(command)) {
                    return false;
                }
                properties.put("waiting", true);
            }
            case "--terminate" -> {
                if (!command.equals("reload")) {
                    return false;
                }
                properties.put("graceful", false);
            }
            case "--extended" -> {
                if (!command.equals("stats")) {
                    return false;
                }
                properties.put("extended", true);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The positional words: a watcher's name, then, where the command takes one, a number named
     * {@code second} ({@code nb} of incr and decr, the {@code process} of stats).
     */
    private static boolean named(
            List<String> words, Map<String, Object> properties, String second) {
        if (words.size() > (second == null ? 1 : 2)) {
            return false;
        }
        if (!words.isEmpty()) {
            properties.put("name", words.get(0));
        }
        if (words.size() == 2) {
            try {
                properties.put(second, Integer.parseInt(words.get(1)));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
