package dev.barnum.circus;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What circusd 0.19.0 makes of a user's {@code circus.ini}, limited to what Barnum needs: the
 * control endpoint. Follows circus's own loader ({@code circus.config.read_config} and {@code
 * get_config}); the line-level rules are in {@link IniParser}.
 *
 * <p>Barnum runs as root and reads every user's circus home: the files there are read as hostile
 * ({@link HomeFiles}), so that no user can make Barnum read a file outside their home, block on a
 * FIFO, or run out of memory, and what does not fit those rules is refused rather than guessed at.
 */
public final class CircusIni {

    /** The most files {@code include} and {@code include_dir} may bring in. */
    public static final int INCLUDE_LIMIT = 64;

    /**
     * The longest endpoint, once expanded: an ipc path holds at most 107 bytes and a host name 253
     * characters; without a bound, repeated references to a long {@code [env]} value could expand
     * to gigabytes.
     */
    public static final int ENDPOINT_LIMIT = 1024;

    /** circus's {@code $(circus.X)} / {@code ((circus.X))} references, any case. */
    private static final Pattern REFERENCE =
            Pattern.compile(
                    "\\$\\(circus\\.([\\w.\\-]+)\\)|\\(\\(circus\\.([\\w.\\-]+)\\)\\)",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    private CircusIni() {}

    /** An include to read, with what it was matched by (named when it is refused). */
    private record Include(Path file, String context) {}

    /**
     * The {@code [circus] endpoint} circusd would bind when started on {@code mainFile}, reading
     * only inside {@code home}.
     *
     * <p>Reads the main file, then the files matched by its {@code [circus] include} globs, then
     * {@code *.ini} in each of its {@code [circus] include_dir} folders (space-separated, relative
     * to the main file's folder, each pattern's matches sorted); the first definition of a key
     * wins, so the main file beats its includes. {@code [DEFAULT]} keys count when {@code [circus]}
     * lacks them. Includes are not followed recursively, as circus does not: an included file's own
     * {@code include} is an ordinary key (the depth is 1). An include pattern that matches nothing,
     * and a matched folder, are skipped (as circus does). {@code $(circus.env.NAME)} and {@code
     * ((circus.env.NAME))} are expanded from the {@code [env]} section (case-insensitive); any
     * other reference stays verbatim, see {@link Endpoint#resolved()}.
     *
     * <p>Every file is read as {@link HomeFiles} says: inside the home once links are resolved,
     * regular, at most 1 MiB each and 4 MiB together; at most {@value #INCLUDE_LIMIT} included
     * files.
     *
     * @param mainFile the circus.ini, inside {@code home}
     * @param home the user's circus home ({@code Homes.home(user)}): nothing outside it is read or
     *     looked into
     * @return the endpoint, or {@link Endpoint#DEFAULT} when there is no {@code [circus]} section
     *     or no {@code endpoint} key (section and key names are case-sensitive)
     * @throws CircusIniException with a one-line message naming the file and why: the home or the
     *     main file cannot be read; a file, a pattern or a link is outside the home; a file is not
     *     a regular file, is too large, or takes the files past 4 MiB together; more than {@value
     *     #INCLUDE_LIMIT} files are included; the patterns look up too many names; a file is not
     *     UTF-8, or has text before its first section header (circusd refuses those); the endpoint
     *     is longer than {@value #ENDPOINT_LIMIT} characters once expanded, or holds a control
     *     character (a line break from a continuation line, a NUL)
     */
    public static Endpoint endpoint(Path mainFile, Path home) throws CircusIniException {
        return endpoints(mainFile, home).control();
    }

    /**
     * Both sockets of the circusd: {@code [circus] endpoint} and {@code [circus] pubsub_endpoint}
     * (default {@code tcp://127.0.0.1:5556}), read as {@link #endpoint} says, each under the same
     * rules.
     */
    public static CircusEndpoints endpoints(Path mainFile, Path home) throws CircusIniException {
        CircusConfig config = config(mainFile, home);
        String main = mainFile.toString();
        return new CircusEndpoints(
                endpoint(config, "endpoint", Endpoint.DEFAULT, main),
                endpoint(config, "pubsub_endpoint", CircusEndpoints.DEFAULT_PUBSUB, main));
    }

    /**
     * Every section of the circusd's configuration: {@code mainFile} and the files it includes,
     * merged as circus merges them, read under the rules and bounds of {@link #endpoint}.
     *
     * @throws CircusIniException as {@link #endpoint} does, for the files
     */
    public static CircusConfig config(Path mainFile, Path home) throws CircusIniException {
        String main = mainFile.toString();
        HomeFiles files = HomeFiles.of(home, main);
        Path found = files.find(mainFile, main);
        if (found == null) {
            throw new CircusIniException(main + ": cannot read: no such file");
        }
        Map<String, Map<String, String>> config =
                IniParser.parse(files.read(found, main, false), main);
        Path folder = mainFile.toAbsolutePath().getParent();
        List<Include> includes = new ArrayList<>();
        for (String pattern : IniParser.words(CircusConfig.lookUp(config, "circus", "include"))) {
            includes.addAll(matches(files, folder, pattern, null, main + ": include " + pattern));
        }
        for (String dir : IniParser.words(CircusConfig.lookUp(config, "circus", "include_dir"))) {
            includes.addAll(matches(files, folder, dir, "*.ini", main + ": include_dir " + dir));
        }
        if (includes.size() > INCLUDE_LIMIT) {
            throw new CircusIniException(
                    main + ": include and include_dir match more than " + INCLUDE_LIMIT + " files");
        }
        for (Include include : includes) {
            String text = files.read(include.file(), include.context(), true);
            if (text != null) {
                merge(config, IniParser.parse(text, include.file().toString()));
            }
        }
        return new CircusConfig(main, config);
    }

    private static Endpoint endpoint(
            CircusConfig config, String key, Endpoint otherwise, String main)
            throws CircusIniException {
        String endpoint = CircusConfig.lookUp(config.sections(), "circus", key);
        if (endpoint == null) {
            return otherwise;
        }
        String expanded = expand(endpoint, config.env(), ENDPOINT_LIMIT);
        if (expanded == null) {
            throw new CircusIniException(
                    main + ": " + key + " longer than " + ENDPOINT_LIMIT + " characters");
        }
        int control = expanded.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
        if (control >= 0) {
            // it goes into the remote command line: an embedded NUL makes sshd drop the whole
            // session
            // (every user's pair on that host), a line break splits the command; circusd cannot
            // bind either
            throw new CircusIniException(
                    main
                            + ": "
                            + key
                            + " holds a control character (U+"
                            + String.format("%04X", control)
                            + ")");
        }
        return new Endpoint(expanded);
    }

    private static List<Include> matches(
            HomeFiles files, Path folder, String pattern, String fileGlob, String context)
            throws CircusIniException {
        if (fileGlob == null && pattern.endsWith("/")) {
            return List.of(); // Python's glob then matches only folders, which circus fails to open
            // and skips
        }
        Path path;
        try {
            path =
                    fileGlob == null
                            ? folder.resolve(pattern)
                            : folder.resolve(pattern).resolve(fileGlob);
        } catch (InvalidPathException e) {
            return List.of(); // e.g. a NUL character: nothing can match it
        }
        return files.glob(path, context).stream().map(file -> new Include(file, context)).toList();
    }

    /** Adds the sections and keys of a later file that the earlier ones lack. */
    private static void merge(
            Map<String, Map<String, String>> into, Map<String, Map<String, String>> later) {
        later.forEach(
                (name, keys) -> {
                    Map<String, String> section =
                            into.computeIfAbsent(name, n -> new LinkedHashMap<>());
                    keys.forEach(section::putIfAbsent);
                });
    }

    /**
     * circus's {@code replace_gnu_args}: one pass, unknown references left verbatim.
     *
     * @return the expanded value, or null when it would be longer than {@code limit} characters
     */
    static String expand(String value, Map<String, String> variables, int limit) {
        StringBuilder expanded = new StringBuilder();
        Matcher match = REFERENCE.matcher(value);
        int done = 0;
        while (match.find()) {
            String name =
                    (match.group(1) != null ? match.group(1) : match.group(2))
                            .toLowerCase(Locale.ROOT);
            String known = variables.get(name.startsWith("circus") ? name : "circus." + name);
            expanded.append(value, done, match.start())
                    .append(known != null ? known : match.group());
            done = match.end();
            if (expanded.length() > limit) {
                return null; // stop here: a value of 1 MiB referenced 60,000 times would be 60 GB
            }
        }
        expanded.append(value, done, value.length());
        return expanded.length() > limit ? null : expanded.toString();
    }
}
