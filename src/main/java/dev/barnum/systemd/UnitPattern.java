package dev.barnum.systemd;

import dev.barnum.config.BadInputException;
import dev.barnum.config.Names;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unit names of the form {@code circus_{user}_{host}.service} (configurable): builds a unit's name,
 * the glob that lists a host's units, and reads a user back from a unit name.
 */
public final class UnitPattern {

    private final String pattern;

    public UnitPattern(String pattern) {
        if (!pattern.contains("{user}") || !pattern.endsWith(".service")) {
            throw new BadInputException(
                    "barnum.unit-pattern: '"
                            + pattern
                            + "' must contain {user} and end in .service");
        }
        this.pattern = pattern;
    }

    public String unit(String user, String host) {
        return pattern.replace("{user}", user).replace("{host}", host);
    }

    /** The glob for {@code systemctl list-unit-files}: every user's unit on {@code host}. */
    public String glob(String host) {
        return pattern.replace("{user}", "*").replace("{host}", host);
    }

    /**
     * The user a unit of {@code host} is named for, when the name fits the pattern and holds a
     * valid user name.
     */
    public Optional<String> user(String unit, String host) {
        String[] around = pattern.replace("{host}", host).split("\\{user\\}", -1);
        Matcher matcher =
                Pattern.compile(Pattern.quote(around[0]) + "(.+)" + Pattern.quote(around[1]))
                        .matcher(unit);
        return matcher.matches() && Names.isUser(matcher.group(1))
                ? Optional.of(matcher.group(1))
                : Optional.empty();
    }
}
