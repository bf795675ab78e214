package dev.barnum.systemd;

import dev.barnum.remote.Scripts;
import java.util.ArrayList;
import java.util.List;

/** argv for the systemctl calls Barnum makes; never a shell string. */
public final class SystemctlCommands {

    /**
     * The properties read by {@link #show}; {@link SystemctlParser#show} reads them in any order.
     */
    public static final String PROPERTIES =
            "Id,LoadState,UnitFileState,ActiveState,SubState,User,FragmentPath";

    /**
     * list-and-show.sh: {@link #listUnitFiles} then {@link #show} of what it lists and of the
     * expected units it does not; the glob, the properties and the expected units as arguments.
     */
    private static final String LIST_AND_SHOW =
            Scripts.load(SystemctlCommands.class, "list-and-show.sh");

    private SystemctlCommands() {}

    /**
     * Unit files matching {@code glob}, loaded or not (a glob given to {@code show} only matches
     * loaded units).
     */
    public static List<String> listUnitFiles(String glob) {
        return List.of(
                "systemctl",
                "list-unit-files",
                "--no-legend",
                "--no-pager",
                "--type=service",
                glob);
    }

    /**
     * Both steps in one round trip: list the unit files matching {@code glob}, then {@code show}
     * them by name, with each of {@code expected} the listing lacks (systemd shows a unit that is
     * not installed as {@code LoadState=not-found}: a glob would not show it at all). Prints
     * nothing when no unit matches and none is expected; fails as {@code list-unit-files} fails
     * otherwise.
     */
    public static List<String> listAndShow(String glob, List<String> expected) {
        List<String> argv =
                new ArrayList<>(List.of("sh", "-c", LIST_AND_SHOW, "sh", glob, PROPERTIES));
        argv.addAll(expected);
        return argv;
    }

    /**
     * What {@link #listAndShow} gives {@code show}, for people (a dry run, {@code --verbose}): the
     * words after the properties.
     */
    public static String listedAndExpected(List<String> expected) {
        return "UNIT... (each unit listed"
                + (expected.isEmpty()
                        ? ")"
                        : ", and each of " + String.join(" ", expected) + " it lacks)");
    }

    /**
     * The state of each named unit; explicit names load disabled units on demand, a glob would miss
     * them.
     */
    public static List<String> show(List<String> units) {
        List<String> argv =
                new ArrayList<>(List.of("systemctl", "show", "--no-pager", "-p", PROPERTIES));
        argv.addAll(units);
        return argv;
    }
}
