package dev.barnum.circus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sections of one {@code circus.ini} and of the files it includes, merged as circus merges them
 * (the first definition of a key wins), as {@link CircusIni#config} reads them. Immutable.
 */
public final class CircusConfig {

    /** The prefix of a watcher's section: {@code [watcher:NAME]}, the name verbatim after it. */
    private static final String WATCHER = "watcher:";

    /** Names the circus.ini in messages. */
    private final String main;

    private final Map<String, Map<String, String>> sections;

    CircusConfig(String main, Map<String, Map<String, String>> sections) {
        this.main = main;
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((name, keys) -> copy.put(name, Map.copyOf(keys)));
        this.sections = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The watchers circusd creates from this configuration, in file order: one per {@code
     * [watcher:NAME]} section that has a key, of its own or from {@code [DEFAULT]} (circus skips a
     * section without any).
     */
    public List<String> watchers() {
        boolean defaults = !sections.getOrDefault("DEFAULT", Map.of()).isEmpty();
        List<String> watchers = new ArrayList<>();
        sections.forEach(
                (name, keys) -> {
                    if (name.startsWith(WATCHER) && (defaults || !keys.isEmpty())) {
                        watchers.add(name.substring(WATCHER.length()));
                    }
                });
        return watchers;
    }

    /**
     * A watcher's option ({@code stdout_stream.filename}), falling back to {@code [DEFAULT]} as
     * circus does, with its {@code $(circus.env.NAME)} references expanded from {@code [env]} (an
     * unknown one stays verbatim: circusd would take it from an environment Barnum cannot see).
     *
     * @param watcher the name as {@link #watchers()} gives it
     * @return the value, or empty when neither the watcher's section nor {@code [DEFAULT]} has the
     *     key
     * @throws CircusIniException naming the circus.ini, the section and the key when the value is
     *     longer than {@value CircusIni#ENDPOINT_LIMIT} characters once expanded, or holds a
     *     control character (a line break from a continuation line)
     */
    public Optional<String> watcherOption(String watcher, String key) throws CircusIniException {
        return option(WATCHER + watcher, key);
    }

    /** A {@code [circus]} option ({@code logoutput}), as {@link #watcherOption} reads one. */
    public Optional<String> circusOption(String key) throws CircusIniException {
        return option("circus", key);
    }

    /** The sections themselves, section name to (key to value): what {@link CircusIni} reads. */
    Map<String, Map<String, String>> sections() {
        return sections;
    }

    private Optional<String> option(String section, String key) throws CircusIniException {
        String raw = lookUp(sections, section, key);
        if (raw == null) {
            return Optional.empty();
        }
        String value = CircusIni.expand(raw, env(), CircusIni.ENDPOINT_LIMIT);
        String where = main + ": [" + section + "] " + key;
        if (value == null) {
            throw new CircusIniException(
                    where + " longer than " + CircusIni.ENDPOINT_LIMIT + " characters");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new CircusIniException(where + " holds a control character");
        }
        return Optional.of(value);
    }

    /**
     * {@code [section] key}, falling back to {@code [DEFAULT]}; null when the section does not
     * exist.
     */
    static String lookUp(Map<String, Map<String, String>> sections, String section, String key) {
        Map<String, String> keys = sections.get(section);
        if (keys == null) {
            return null;
        }
        return keys.containsKey(key)
                ? keys.get(key)
                : sections.getOrDefault("DEFAULT", Map.of()).get(key);
    }

    /**
     * circus's variables: "circus.env." + lower-case key, for [DEFAULT] + [env] when [env] exists.
     */
    Map<String, String> env() {
        Map<String, String> variables = new HashMap<>();
        Map<String, String> env = sections.get("env");
        if (env != null) {
            Map<String, String> items =
                    new LinkedHashMap<>(sections.getOrDefault("DEFAULT", Map.of()));
            items.putAll(env);
            items.forEach(
                    (key, value) ->
                            variables.put("circus.env." + key.toLowerCase(Locale.ROOT), value));
        }
        return variables;
    }
}
