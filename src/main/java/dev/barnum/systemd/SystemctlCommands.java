package dev.barnum.systemd;

import java.util.ArrayList;
import java.util.List;

import dev.barnum.remote.ShellQuote;

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

    /**
     * Both steps in one round trip: list the unit files matching {@code glob}, then {@code show} them by
     * name. Prints nothing when no unit matches; fails as {@code list-unit-files} fails otherwise.
     */
    public static List<String> listAndShow(String glob) {
        String script = "set -f\n"
                + "list=$(" + ShellQuote.join(listUnitFiles(glob)) + " 2>&1); rc=$?\n"
                + "if [ $rc -ne 0 ] && [ -n \"$list\" ]; then printf '%s\\n' \"$list\" >&2; exit $rc; fi\n"
                // the first word of each line, without a process of its own
                + "units=\n"
                + "while read -r unit rest; do units=\"$units $unit\"; done <<EOF\n$list\nEOF\n"
                + "if [ -z \"${units# }\" ]; then exit 0; fi\n"
                + "exec " + ShellQuote.join(show(List.of())) + " $units\n";
        return List.of("sh", "-c", script);
    }

    /** The state of each named unit; explicit names load disabled units on demand, a glob would miss them. */
    public static List<String> show(List<String> units) {
        List<String> argv = new ArrayList<>(List.of("systemctl", "show", "--no-pager", "-p", PROPERTIES));
        argv.addAll(units);
        return argv;
    }
}
