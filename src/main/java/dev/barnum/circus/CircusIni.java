package dev.barnum.circus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What circusd 0.19.0 makes of a user's {@code circus.ini}, limited to what Barnum needs: the
 * control endpoint. Follows circus's own loader ({@code circus.config.read_config} and
 * {@code get_config}); the line-level rules are in {@link IniParser}.
 */
public final class CircusIni {

    /** circus's {@code $(circus.X)} / {@code ((circus.X))} references, any case. */
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\(circus\\.([\\w.\\-]+)\\)|\\(\\(circus\\.([\\w.\\-]+)\\)\\)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    private CircusIni() {
    }

    /**
     * The {@code [circus] endpoint} circusd would bind when started on {@code mainFile}.
     * <p>
     * Reads the main file, then the files matched by its {@code [circus] include} globs, then
     * {@code *.ini} in each of its {@code [circus] include_dir} folders (space-separated, relative
     * to the main file's folder, each pattern's matches sorted); the first definition of a key
     * wins, so the main file beats its includes. {@code [DEFAULT]} keys count when {@code [circus]}
     * lacks them. Includes are not followed recursively; an include that matches nothing, or a
     * matched file that cannot be opened, is skipped (as circus does). {@code $(circus.env.NAME)}
     * and {@code ((circus.env.NAME))} are expanded from the {@code [env]} section (case-insensitive);
     * any other reference stays verbatim, see {@link Endpoint#resolved()}.
     *
     * @return the endpoint, or {@link Endpoint#DEFAULT} when there is no {@code [circus]} section
     *         or no {@code endpoint} key (section and key names are case-sensitive)
     * @throws CircusIniException when the main file cannot be read, a file read is not UTF-8,
     *         or a file read has text before its first section header (circusd refuses those)
     */
    public static Endpoint endpoint(Path mainFile) throws CircusIniException {
        Map<String, Map<String, String>> config = IniParser.parse(read(mainFile, false), mainFile.toString());
        Path folder = mainFile.getParent() != null ? mainFile.getParent() : Path.of("");
        List<Path> includes = new ArrayList<>();
        for (String pattern : IniParser.words(option(config, "include"))) {
            includes.addAll(matches(folder, pattern, null));
        }
        for (String dir : IniParser.words(option(config, "include_dir"))) {
            includes.addAll(matches(folder, dir, "*.ini"));
        }
        for (Path include : includes) {
            String text = read(include, true);
            if (text != null) {
                merge(config, IniParser.parse(text, include.toString()));
            }
        }
        String endpoint = option(config, "endpoint");
        return endpoint == null ? Endpoint.DEFAULT : new Endpoint(expand(endpoint, env(config)));
    }

    /** {@code [circus] key}, falling back to {@code [DEFAULT]}; null without a [circus] section. */
    private static String option(Map<String, Map<String, String>> config, String key) {
        Map<String, String> circus = config.get("circus");
        if (circus == null) {
            return null;
        }
        return circus.containsKey(key) ? circus.get(key) : config.getOrDefault("DEFAULT", Map.of()).get(key);
    }

    private static List<Path> matches(Path folder, String pattern, String fileGlob) {
        if (fileGlob == null && pattern.endsWith("/")) {
            return List.of(); // Python's glob then matches only folders, which circus fails to open and skips
        }
        try {
            Path path = folder.resolve(pattern);
            return Glob.matches(fileGlob == null ? path : path.resolve(fileGlob));
        } catch (InvalidPathException e) {
            return List.of(); // e.g. a NUL character: nothing can match it
        }
    }

    /** Adds the sections and keys of a later file that the earlier ones lack. */
    private static void merge(Map<String, Map<String, String>> into, Map<String, Map<String, String>> later) {
        later.forEach((name, keys) -> {
            Map<String, String> section = into.computeIfAbsent(name, n -> new LinkedHashMap<>());
            keys.forEach(section::putIfAbsent);
        });
    }

    /** circus's variables: "circus.env." + lower-case key, for [DEFAULT] + [env] when [env] exists. */
    private static Map<String, String> env(Map<String, Map<String, String>> config) {
        Map<String, String> variables = new HashMap<>();
        Map<String, String> env = config.get("env");
        if (env != null) {
            Map<String, String> items = new LinkedHashMap<>(config.getOrDefault("DEFAULT", Map.of()));
            items.putAll(env);
            items.forEach((key, value) -> variables.put("circus.env." + key.toLowerCase(Locale.ROOT), value));
        }
        return variables;
    }

    /** circus's {@code replace_gnu_args}: one pass, unknown references left verbatim. */
    static String expand(String value, Map<String, String> variables) {
        return REFERENCE.matcher(value).replaceAll(match -> {
            String name = (match.group(1) != null ? match.group(1) : match.group(2)).toLowerCase(Locale.ROOT);
            String known = variables.get(name.startsWith("circus") ? name : "circus." + name);
            return Matcher.quoteReplacement(known != null ? known : match.group());
        });
    }

    /** The file as UTF-8 text; null when {@code optional} and it cannot be opened. */
    private static String read(Path file, boolean optional) throws CircusIniException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            if (optional) {
                return null;
            }
            throw new CircusIniException(file + ": cannot read: " + reason(e), e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CircusIniException(file + ": cannot read: not UTF-8 text", e);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
