package dev.barnum.circus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barnum.config.Shown;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One reply of circusd, as {@code circusctl --json} prints it: {@code {"status": "ok", ...payload}}
 * or {@code {"status": "error", "reason": ..., "errno": N}}; {@code status} of one watcher puts the
 * watcher's state in {@code status} itself.
 */
public record CircusReply(String status, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** circusd's errno for "arbiter is already running ... command": retry the command. */
    public static final int ERRNO_BUSY = 5;

    /**
     * @throws IllegalArgumentException when {@code json} is not one JSON object with a string
     *     {@code status}
     */
    public static CircusReply parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not a circus reply: " + Shown.oneLine(String.valueOf(e.getOriginalMessage())));
        }
        if (node == null || !node.isObject() || !node.path("status").isTextual()) {
            throw new IllegalArgumentException("not a circus reply: " + abbreviate(json));
        }
        return new CircusReply(node.get("status").asText(), node);
    }

    public boolean error() {
        return "error".equals(status);
    }

    public int errno() {
        return body.path("errno").asInt(0);
    }

    public String reason() {
        return body.path("reason").asText("");
    }

    /**
     * The {@code statuses} of a whole-arbiter {@code status} reply, sorted as circusctl sorts them.
     *
     * @throws IllegalArgumentException when the reply has no {@code statuses} object
     */
    public SortedMap<String, WatcherState> statuses() {
        JsonNode statuses = body.get("statuses");
        if (statuses == null || !statuses.isObject()) {
            throw new IllegalArgumentException(
                    "a status reply without statuses: " + abbreviate(body.toString()));
        }
        SortedMap<String, WatcherState> watchers = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = statuses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            watchers.put(entry.getKey(), WatcherState.parse(entry.getValue().asText()));
        }
        return Collections.unmodifiableSortedMap(watchers);
    }

    /**
     * The number of processes of each watcher of a whole-arbiter {@code stats} reply ({@code infos
     * {watcher: {pid: info}}}; a watcher without processes counts 0), read as a stream: a stats
     * reply carries every process's figures, and building its whole tree (every number parsed) was
     * a quarter of what a poll allocated, for a count.
     *
     * @return empty when circusd replied an error
     * @throws IllegalArgumentException when {@code json} is not one JSON object with a string
     *     {@code status}, or an answer without an {@code infos} object
     */
    public static Optional<SortedMap<String, Integer>> processCounts(String json) {
        String status = null;
        SortedMap<String, Integer> processes = null;
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a circus reply: " + abbreviate(json));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("status") && value == JsonToken.VALUE_STRING) {
                    status = parser.getText();
                } else if (field.equals("infos") && value == JsonToken.START_OBJECT) {
                    processes = new TreeMap<>();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String watcher = parser.currentName();
                        processes.put(
                                watcher,
                                parser.nextToken() == JsonToken.START_OBJECT
                                        ? countFields(parser)
                                        : 0);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a circus reply: "
                            + Shown.oneLine(
                                    String.valueOf(
                                            e instanceof JsonProcessingException j
                                                    ? j.getOriginalMessage()
                                                    : e.getMessage())));
        }
        if (status == null) {
            throw new IllegalArgumentException("not a circus reply: " + abbreviate(json));
        }
        if (status.equals("error")) {
            return Optional.empty();
        }
        if (processes == null) {
            throw new IllegalArgumentException("a stats reply without infos: " + abbreviate(json));
        }
        return Optional.of(Collections.unmodifiableSortedMap(processes));
    }

    /**
     * The fields of the object the parser has just entered, skipping their values; leaves it at the
     * object's end.
     */
    private static int countFields(JsonParser parser) throws IOException {
        int count = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            parser.nextToken();
            parser.skipChildren();
            count++;
        }
        return count;
    }

    /**
     * The start of a reply as a message quotes it: one line, whatever circusctl (or the host)
     * printed.
     */
    private static String abbreviate(String text) {
        return Shown.of(text.strip(), 120);
    }
}
