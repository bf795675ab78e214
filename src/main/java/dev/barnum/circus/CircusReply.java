package dev.barnum.circus;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One reply of circusd, as {@code circusctl --json} prints it: {@code {"status": "ok", ...payload}} or
 * {@code {"status": "error", "reason": ..., "errno": N}}; {@code status} of one watcher puts the
 * watcher's state in {@code status} itself.
 */
public record CircusReply(String status, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** circusd's errno for "arbiter is already running ... command": retry the command. */
    public static final int ERRNO_BUSY = 5;

    /**
     * @throws IllegalArgumentException when {@code json} is not one JSON object with a string {@code status}
     */
    public static CircusReply parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a circus reply: " + e.getOriginalMessage());
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
            throw new IllegalArgumentException("a status reply without statuses: " + abbreviate(body.toString()));
        }
        SortedMap<String, WatcherState> watchers = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = statuses.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            watchers.put(entry.getKey(), WatcherState.parse(entry.getValue().asText()));
        }
        return Collections.unmodifiableSortedMap(watchers);
    }

    /**
     * The number of processes of each watcher, from a whole-arbiter {@code stats} reply
     * ({@code infos {watcher: {pid: info}}}); a watcher without processes counts 0.
     *
     * @throws IllegalArgumentException when the reply has no {@code infos} object
     */
    public SortedMap<String, Integer> processes() {
        JsonNode infos = body.get("infos");
        if (infos == null || !infos.isObject()) {
            throw new IllegalArgumentException("a stats reply without infos: " + abbreviate(body.toString()));
        }
        SortedMap<String, Integer> processes = new TreeMap<>();
        infos.fields().forEachRemaining(entry -> processes.put(entry.getKey(), entry.getValue().isObject() ? entry.getValue().size() : 0));
        return Collections.unmodifiableSortedMap(processes);
    }

    private static String abbreviate(String text) {
        String line = text.strip();
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
