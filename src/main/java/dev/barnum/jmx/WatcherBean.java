package dev.barnum.jmx;

import dev.barnum.state.UnitReport;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link WatcherMXBean} over the last snapshot; holds only its (host, user, watcher) key. */
final class WatcherBean implements WatcherMXBean {

    private final Backend backend;
    private final String host;
    private final String user;
    private final String watcher;

    WatcherBean(Backend backend, String host, String user, String watcher) {
        this.backend = backend;
        this.host = host;
        this.user = user;
        this.watcher = watcher;
    }

    private Optional<UnitReport> unit() {
        return backend.snapshot()
                .host(host)
                .flatMap(h -> h.units().stream().filter(u -> u.user().equals(user)).findFirst());
    }

    @Override
    public String getState() {
        return unit().map(u -> Watched.state(u.circus(), watcher).label()).orElse("unknown");
    }

    @Override
    public int getProcesses() {
        return unit().map(u -> Watched.processes(u.circus(), watcher)).orElse(-1);
    }

    @Override
    public java.util.Map<String, Long> getExits() {
        java.util.Map<String, Long> exits = new java.util.LinkedHashMap<>();
        counts().exits().forEach((outcome, count) -> exits.put(outcome.label(), count));
        return exits;
    }

    @Override
    public long getSpawns() {
        return counts().spawns();
    }

    private dev.barnum.state.EventCounts.Counts counts() {
        return backend.snapshot().events().of(host, user, watcher);
    }

    @Override
    public String start() {
        return command("start");
    }

    @Override
    public String stop() {
        return command("stop");
    }

    @Override
    public String restart() {
        return command("restart");
    }

    private String command(String verb) {
        return backend.run(user + "@" + host, List.of(verb, watcher)).stream()
                .map(Backend::line)
                .collect(Collectors.joining("; "));
    }
}
