package dev.barnum.metrics;

import dev.barnum.TestConfig;
import dev.barnum.circus.WatcherState;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import dev.barnum.systemd.UnitStatus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What rendering the fleet's series costs once per snapshot (bench/render): a fleet of {@code
 * hosts} x {@code users} x {@code watchers}, rendered {@code rounds} times in both formats after a
 * warm-up; prints the series, the bytes, the median and p90 time and the bytes allocated per render
 * as one Markdown table row.
 */
public final class RenderBench {

    private RenderBench() {}

    public static void main(String[] args) {
        int hosts = arg(args, 0, 200);
        int users = arg(args, 1, 5);
        int watchers = arg(args, 2, 10);
        int rounds = arg(args, 3, 50);
        FleetSnapshot snapshot = snapshot(hosts, users, watchers);
        FleetExposition exposition = new FleetExposition();
        FleetMetrics metrics =
                new FleetMetrics(
                        exposition,
                        TestConfig.barnum(Map.of("barnum.metrics.state-encoding", "full")));
        for (int i = 0; i < rounds; i++) {
            metrics.onSnapshot(snapshot); // warm-up: the JIT compiles the writers
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long[] nanos = new long[rounds];
        long allocated = 0;
        for (int i = 0; i < rounds; i++) {
            long bytesBefore = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            metrics.onSnapshot(snapshot);
            nanos[i] = System.nanoTime() - start;
            allocated += threads.getThreadAllocatedBytes(thread) - bytesBefore;
        }
        Arrays.sort(nanos);
        String text = exposition.text(FleetExposition.TEXT);
        long series = text.lines().filter(l -> !l.startsWith("#") && !l.isEmpty()).count();
        System.out.printf(
                "| %d x %d x %d | %d | %.1f MB + %.1f MB | %.1f ms | %.1f ms | %.1f MB |%n",
                hosts,
                users,
                watchers,
                series,
                exposition.bytes(FleetExposition.TEXT).readableBytes() / 1e6,
                exposition.bytes(FleetExposition.OPEN_METRICS).readableBytes() / 1e6,
                nanos[rounds / 2] / 1e6,
                nanos[rounds * 9 / 10] / 1e6,
                allocated / (double) rounds / 1e6);
    }

    private static int arg(String[] args, int index, int otherwise) {
        return args.length > index ? Integer.parseInt(args[index]) : otherwise;
    }

    static FleetSnapshot snapshot(int hosts, int users, int watchers) {
        Instant t0 = Instant.parse("2026-11-25T03:00:00Z");
        List<HostReport> reports = new ArrayList<>();
        for (int h = 1; h <= hosts; h++) {
            String host = "host" + h;
            List<UnitReport> units = new ArrayList<>();
            for (int u = 1; u <= users; u++) {
                String user = "user" + u;
                TreeMap<String, WatcherState> states = new TreeMap<>();
                TreeMap<String, Integer> processes = new TreeMap<>();
                for (int w = 1; w <= watchers; w++) {
                    states.put("watcher" + w, WatcherState.ACTIVE);
                    processes.put("watcher" + w, 3);
                }
                String unit = "circus_" + user + "_" + host + ".service";
                units.add(
                        new UnitReport(
                                new UnitStatus(
                                        unit,
                                        "loaded",
                                        "enabled",
                                        ActiveState.ACTIVE,
                                        "running",
                                        user,
                                        "/etc/systemd/system/" + unit),
                                user,
                                true,
                                new CircusFinding.Watchers(
                                        "tcp://127.0.0.1:" + (5555 + u), states, processes)));
            }
            reports.add(new HostReport(host, t0, Duration.ofMillis(40), Optional.empty(), units));
        }
        return new FleetSnapshot(t0, Duration.ofSeconds(3), reports);
    }
}
