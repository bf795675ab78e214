package dev.barnum.circus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One event circusd published: topic {@code watcher.<name>.<kind>} and a JSON body with {@code
 * process_pid} and, for a {@code reap}, {@code exit_code}. Circus lower-cases the watcher's name in
 * the topic.
 *
 * @param pid the process, when the event is about one
 * @param exitCode a reaped process's exit: its status, or minus the signal that ended it
 */
public record CircusEvent(String watcher, Kind kind, OptionalLong pid, OptionalInt exitCode) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "watcher.";

    /** The longest watcher name taken from a host's event (circus's own are short). */
    static final int NAME_LIMIT = 256;

    /** The kinds Barnum reads; any other is {@link #OTHER}. */
    public enum Kind {
        SPAWN,
        REAP,
        KILL,
        START,
        STOP,
        UPDATED,
        OTHER
    }

    /**
     * @throws IllegalArgumentException when the topic is not a watcher's, names a watcher longer
     *     than {@link #NAME_LIMIT}, or the body is not a JSON object
     */
    public static CircusEvent parse(byte[] topic, byte[] body) {
        String name = new String(topic, StandardCharsets.UTF_8);
        int dot = name.lastIndexOf('.');
        if (!name.startsWith(PREFIX) || dot <= PREFIX.length()) {
            throw new IllegalArgumentException(
                    "not a watcher event: " + dev.barnum.config.Shown.oneLine(name));
        }
        String watcher = name.substring(PREFIX.length(), dot);
        if (watcher.length() > NAME_LIMIT) {
            throw new IllegalArgumentException(
                    "a watcher name longer than " + NAME_LIMIT + " characters");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(name.substring(dot + 1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            kind = Kind.OTHER;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("an event body that is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("an event body that is not a JSON object");
        }
        JsonNode pid = json.get("process_pid");
        JsonNode exit = json.get("exit_code");
        return new CircusEvent(
                watcher,
                kind,
                pid != null && pid.canConvertToLong()
                        ? OptionalLong.of(pid.asLong())
                        : OptionalLong.empty(),
                exit != null && exit.canConvertToInt()
                        ? OptionalInt.of(exit.asInt())
                        : OptionalInt.empty());
    }
}
