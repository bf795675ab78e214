package dev.barnum;

import dev.barnum.circus.WatcherState;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import dev.barnum.systemd.UnitStatus;
import java.util.TreeMap;

/** Units and circus findings as tests write them: {@code unit("user1", "host1", ...)}. */
public final class TestUnits {

    private TestUnits() {}

    /** {@code circus_USER_HOST.service}, loaded, listed in the homes. */
    public static UnitReport unit(
            String user,
            String host,
            String enabled,
            ActiveState state,
            String sub,
            CircusFinding circus) {
        String id = "circus_" + user + "_" + host + ".service";
        return new UnitReport(
                new UnitStatus(
                        id, "loaded", enabled, state, sub, user, "/etc/systemd/system/" + id),
                user,
                true,
                circus);
    }

    /** circusd at {@code tcp://127.0.0.1:5555} answered with these watchers: name, state, ... */
    public static CircusFinding watchers(String... nameState) {
        TreeMap<String, WatcherState> map = new TreeMap<>();
        for (int i = 0; i < nameState.length; i += 2) {
            map.put(nameState[i], WatcherState.parse(nameState[i + 1]));
        }
        return new CircusFinding.Watchers("tcp://127.0.0.1:5555", map);
    }
}
