package dev.barnum.systemd;

import java.util.ArrayList;
import java.util.List;

/** argv for the systemctl calls Barnum makes; never a shell string. */
public final class SystemctlCommands {

    /** The properties read by {@link #show}; {@link SystemctlParser#show} reads them in any order. */
    public static final String PROPERTIES = "Id,LoadState,UnitFileState,ActiveState,SubState,User,FragmentPath";

    private SystemctlCommands() {
    }

    /** Unit files matching {@code glob}, loaded or not (a glob given to {@code show} only matches loaded units). */
    public static List<String> listUnitFiles(String glob) {
        return List.of("systemctl", "list-unit-files", "--no-legend", "--no-pager", "--type=service", glob);
    }

    /** The state of each named unit; explicit names load disabled units on demand, a glob would miss them. */
    public static List<String> show(List<String> units) {
        List<String> argv = new ArrayList<>(List.of("systemctl", "show", "--no-pager", "-p", PROPERTIES));
        argv.addAll(units);
        return argv;
    }
}
