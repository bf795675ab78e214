package dev.barnum.systemd;

import dev.barnum.config.Shown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure parser for what {@code systemctl show} prints (the list of unit files is read on the host,
 * by list-and-show.sh).
 */
public final class SystemctlParser {

    private SystemctlParser() {}

    /**
     * Blocks of {@code KEY=VALUE} lines from {@code systemctl show -p ...}, one per unit, separated
     * by an empty line; properties may come in any order.
     *
     * @throws IllegalArgumentException when a non-empty line has no {@code =} or a block has no Id;
     *     the message is one line and quotes at most 120 characters of the output
     */
    public static List<UnitStatus> show(String stdout) {
        List<UnitStatus> units = new ArrayList<>();
        Map<String, String> block = new HashMap<>();
        for (String line : (stdout + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (!block.isEmpty()) {
                    units.add(status(block));
                    block = new HashMap<>();
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not a KEY=VALUE line: " + Shown.of(line, 120));
            }
            block.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
        }
        return units;
    }

    private static UnitStatus status(Map<String, String> block) {
        String id = block.get("Id");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException(
                    "a unit block without Id: " + Shown.of(String.valueOf(block.keySet()), 120));
        }
        return new UnitStatus(
                id,
                block.getOrDefault("LoadState", ""),
                block.getOrDefault("UnitFileState", ""),
                ActiveState.parse(block.getOrDefault("ActiveState", "")),
                block.getOrDefault("SubState", ""),
                block.getOrDefault("User", ""),
                block.getOrDefault("FragmentPath", ""));
    }
}
