package dev.barnum.bench;

import dev.barnum.TestConfig;
import dev.barnum.fleet.Fleet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Circus's own protocol against circusctl on one fleet ({@code FleetBench --transports
 * circusctl,direct}): each circusd a real ZMTP peer ({@link CircusPeers}) whose ports the users'
 * circus.ini files name, each host's circusctl a replay that first burns the CPU a real circusctl
 * costs. Per transport: Barnum's warm poll, and per host and poll the processes the host started,
 * its CPU time, the exec channels its shell saw and the forwarded channels its sshd opened. Then,
 * over the protocol, a real {@code barnum-cli serve}: how long a watcher stopped on a host takes to
 * show {@code state="stopped"} in {@code /q/metrics}, and its footprint with every channel open.
 */
final class TransportComparison {

    private final FleetBench options;
    private final Consumer<String> line;

    TransportComparison(FleetBench options, Consumer<String> line) {
        this.options = options;
        this.line = line;
    }

    /** One transport's figures over the measured polls. */
    private record Measured(
            String transport,
            double pollMedianNanos,
            HostAccounting.PerHost perHost,
            double execChannels,
            int forwardedOpen) {}

    void run(int hosts, int users, int watchers) throws Exception {
        double burnMillis = Double.parseDouble(options.option("burn-ms"));
        long loops = calibrate(burnMillis);
        FleetBench.progress(
                "circusctl stand-in: " + loops + " shell loop turns for " + burnMillis + " ms");
        List<Measured> measured = new ArrayList<>();
        try (CircusPeers peers = new CircusPeers(hosts * users, watchers)) {
            FleetBench.progress(hosts + " hosts over " + peers.size() + " ZMTP peers: starting");
            BenchFleet fleet = BenchFleet.over(peers, hosts, users, watchers, loops);
            HostAccounting accounting = null;
            try {
                accounting = new HostAccounting(fleet, peers.ports());
                try (Contenders c = new Contenders(fleet, users, watchers)) {
                    for (String transport : options.option("transports").split(",")) {
                        measured.add(measure(fleet, c, accounting, transport.strip()));
                    }
                }
                table(measured, loops, burnMillis);
                if (measured.stream().anyMatch(m -> m.transport().equals("direct"))) {
                    attempt(opts -> events(fleet, peers, hosts, users, watchers, opts));
                    HostAccounting counted = accounting;
                    attempt(opts -> footprint(fleet, counted, opts));
                    if (options.integer("shards") > 1) {
                        attempt(opts -> capacity(fleet, hosts, options.integer("shards"), opts));
                    }
                }
            } finally {
                fleet.close();
                if (accounting != null) {
                    accounting.close();
                }
            }
        }
    }

    private void table(List<Measured> measured, long loops, double burnMillis) {
        line.accept(
                "| transport | warm poll (median) | processes started per host per poll | host CPU per"
                        + " host per poll | exec channels per host per poll | forwarded channels"
                        + " opened per host per poll | forwarded channels open after the polls |");
        line.accept("|---|---:|---:|---:|---:|---:|---:|");
        for (Measured m : measured) {
            line.accept(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.1f | %.1f ms | %.2f | %.2f | %d |",
                            m.transport(),
                            FleetBench.ms(m.pollMedianNanos()),
                            m.perHost().processes(),
                            m.perHost().cpuMillis(),
                            m.execChannels(),
                            m.perHost().forwardedOpened(),
                            m.forwardedOpen()));
        }
        if (measured.size() == 2) {
            line.accept("");
            line.accept(
                    String.format(
                            Locale.ROOT,
                            "Host CPU per poll, %s / %s: 1/%.0f; warm poll %s / %s: %.2fx.",
                            measured.get(1).transport(),
                            measured.get(0).transport(),
                            measured.get(0).perHost().cpuMillis()
                                    / measured.get(1).perHost().cpuMillis(),
                            measured.get(1).transport(),
                            measured.get(0).transport(),
                            measured.get(1).pollMedianNanos() / measured.get(0).pollMedianNanos()));
        }
        line.accept("");
        line.accept(
                String.format(
                        Locale.ROOT,
                        "circusctl stand-in: %d turns of a /bin/sh loop per call, calibrated to %.0f"
                                + " ms of CPU on this machine before the fleet started.",
                        loops,
                        burnMillis));
        line.accept("");
    }

    private Map<String, String> config(BenchFleet fleet, String transport) {
        Map<String, String> c = new LinkedHashMap<>(fleet.barnumConfig());
        c.put("barnum.circus.transport", transport);
        // 200 hosts x 10 circusctl calls of 0.15 s of CPU on 2 cores: minutes per poll
        c.put("barnum.ssh.command-timeout", "1800s");
        return c;
    }

    private Measured measure(
            BenchFleet bench, Contenders c, HostAccounting accounting, String transport)
            throws IOException, InterruptedException {
        FleetBench.progress("transport " + transport + ": first poll (untimed)");
        int rounds = options.integer("rounds");
        Fleet fleet = TestConfig.fleet(config(bench, transport));
        try {
            c.check(c.poll(fleet));
            List<Long> took = new ArrayList<>();
            long channels = bench.channels();
            HostAccounting.Sample before = accounting.sample();
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                c.check(c.poll(fleet));
                took.add(System.nanoTime() - start);
                FleetBench.progress(
                        "transport "
                                + transport
                                + ": poll "
                                + (r + 1)
                                + "/"
                                + rounds
                                + " took "
                                + FleetBench.ms(took.get(r)));
            }
            HostAccounting.Sample after = accounting.sample();
            double exec = (bench.channels() - channels) / (double) bench.hosts().size() / rounds;
            return new Measured(
                    transport,
                    FleetBench.median(took),
                    accounting.between(before, after, rounds),
                    exec,
                    after.forwarded().size());
        } finally {
            fleet.close();
        }
    }

    private interface ServePart {
        List<String> run(String javaOpts) throws Exception;
    }

    /**
     * Runs one part with the launcher's own JVM options; if the serve fails (runs out of memory),
     * says so and runs it again with {@code --serve-java-opts} after them.
     */
    private void attempt(ServePart part) throws Exception {
        try {
            part.run("").forEach(line);
        } catch (IllegalStateException e) {
            String more = options.option("serve-java-opts");
            FleetBench.progress("serve failed: " + e.getMessage() + "; again with " + more);
            line.accept(
                    "With the launcher's own JVM options, the serve failed: "
                            + e.getMessage()
                            + ". Again with `BARNUM_JAVA_OPTS="
                            + more
                            + "`:");
            line.accept("");
            part.run(more).forEach(line);
        }
    }

    /**
     * A real serve over the protocol, polls an hour apart (only the events change the state): the
     * latency of watcher stops published by the hosts' circusds until {@code /q/metrics} shows
     * them.
     */
    private List<String> events(
            BenchFleet fleet,
            CircusPeers peers,
            int hosts,
            int users,
            int watchers,
            String javaOpts)
            throws Exception {
        List<String> lines = new ArrayList<>();
        Path launcher = Path.of(options.option("launcher"));
        int events = options.integer("events");
        FleetBench.progress("barnum-cli serve over the protocol: " + events + " watcher stops");
        List<Long> latencies = new ArrayList<>();
        List<Long> lowerBounds = new ArrayList<>();
        List<Long> scrapes = new ArrayList<>();
        int lost = 0;
        try (ServiceRun service =
                ServiceRun.startWith(
                        launcher, config(fleet, "direct"), Duration.ofHours(1), javaOpts)) {
            int live = awaitSubscriptions(service, hosts * users);
            // a PUB drops what it sends before the subscription reached it: a moment more
            Thread.sleep(2000);
            for (int i = 0; i < events; i++) {
                // spread over the fleet: host i, user i / hosts, watcher i / (hosts * users)
                int h = i % hosts + 1;
                int u = (i / hosts) % users + 1;
                int w = (i / (hosts * users)) % watchers;
                String wanted =
                        "barnum_watcher_state{host=\""
                                + BenchFleet.host(h)
                                + "\",state=\"stopped\",user=\""
                                + BenchFleet.user(u)
                                + "\",watcher=\""
                                + BenchFleet.watcher(w)
                                + "\"} 1";
                long start = System.nanoTime();
                peers.publish(
                        (h - 1) * users + u - 1,
                        "watcher." + BenchFleet.watcher(w) + ".stop",
                        "{\"time\": 1.0}");
                long deadline = start + Duration.ofSeconds(10).toNanos();
                boolean seen = false;
                long began = start;
                while (!seen && System.nanoTime() < deadline) {
                    began = System.nanoTime();
                    seen = service.scrape().contains(wanted);
                    scrapes.add(System.nanoTime() - began);
                }
                if (seen) {
                    latencies.add(System.nanoTime() - start);
                    lowerBounds.add(began - start);
                } else {
                    lost++;
                }
            }
            lines.add(
                    "| events (watcher stops published by the hosts' circusds, one at a time) | seen"
                            + " | not seen within 10 s | p50 | p99 | max | until the scrape that"
                            + " showed it began: p50 | p99 | a scrape: p50 |");
            lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "| %d stops over %d hosts, %d subscriptions live | %d | %d | %s | %s |"
                                    + " %s | %s | %s | %s |",
                            events,
                            Math.min(events, hosts),
                            live,
                            latencies.size(),
                            lost,
                            percentile(latencies, 50),
                            percentile(latencies, 99),
                            percentile(latencies, 100),
                            percentile(lowerBounds, 50),
                            percentile(lowerBounds, 99),
                            percentile(scrapes, 50)));
            lines.add("");
        }
        return lines;
    }

    /** A real serve over the protocol polling back to back: its footprint, every channel open. */
    private List<String> footprint(BenchFleet fleet, HostAccounting accounting, String javaOpts)
            throws Exception {
        List<String> lines = new ArrayList<>();
        Path launcher = Path.of(options.option("launcher"));
        FleetBench.progress("barnum-cli serve over the protocol: polling back to back");
        lines.add(
                "| serve over the protocol, polling back to back | resident memory | threads | open"
                        + " descriptors | forwarded channels open |");
        lines.add("|---|---:|---:|---:|---:|");
        try (ServiceRun service =
                ServiceRun.startWith(
                        launcher, config(fleet, "direct"), Duration.ofMillis(200), javaOpts)) {
            for (int polls : options.integers("polls")) {
                service.awaitPolls(polls, Duration.ofHours(1));
                ServiceRun.Footprint f = service.footprint();
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "| after %d polls | %.0f MiB | %d | %d | %d |",
                                f.polls(),
                                f.rssKib() / 1024.0,
                                f.threads(),
                                f.fds(),
                                accounting.forwarded().size()));
            }
        }
        lines.add("");
        return lines;
    }

    /** What one serve showed after its polls: the hosts it polls, time, memory and series. */
    private record Instance(
            String name, int hosts, double pollMillis, double rssMib, long series) {}

    /**
     * One instance over the whole fleet, then each of {@code shards} instances alone, then all of
     * them at once: per-instance capacity, and the capacity model's prediction for each shard
     * beside what it measured.
     */
    private List<String> capacity(BenchFleet fleet, int hosts, int shards, String javaOpts)
            throws Exception {
        int polls = options.integers("polls").get(0);
        Map<String, String> whole = config(fleet, "direct");
        int parallelism = Integer.parseInt(whole.getOrDefault("barnum.poll.parallelism", "32"));
        FleetBench.progress("capacity: one instance over " + hosts + " hosts");
        Instance one = measureInstances(List.of(whole), polls, javaOpts).get(0);
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            Map<String, String> c = new LinkedHashMap<>(whole);
            c.put("barnum.shard", i + "/" + shards);
            configs.add(c);
        }
        List<Instance> alone = new ArrayList<>();
        for (Map<String, String> c : configs) {
            FleetBench.progress("capacity: shard " + c.get("barnum.shard") + " alone");
            alone.addAll(measureInstances(List.of(c), polls, javaOpts));
        }
        FleetBench.progress("capacity: " + shards + " shards at once");
        List<Instance> together = measureInstances(configs, polls, javaOpts);
        // the model: a poll is ceil(hosts / parallelism) rounds of one host's latency
        double round = one.pollMillis() / Math.ceil(hosts / (double) parallelism);
        double seriesPerHost = one.series() / (double) hosts;
        double meanShardHosts = alone.stream().mapToInt(Instance::hosts).average().orElse(0);
        double meanShardRss = alone.stream().mapToDouble(Instance::rssMib).average().orElse(0);
        double mibPerHost = (one.rssMib() - meanShardRss) / (hosts - meanShardHosts);
        double baseMib = one.rssMib() - mibPerHost * hosts;
        List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "One instance, %d hosts, parallelism %d, after %d polls back to back: a poll"
                                + " %.0f ms (%.1f hosts per second of poll; one round of %d hosts"
                                + " %.0f ms), %.0f MiB resident, %d series (%.0f per host). From the"
                                + " shards alone: %.2f MiB per host over a base of %.0f MiB.",
                        hosts,
                        parallelism,
                        polls,
                        one.pollMillis(),
                        hosts / (one.pollMillis() / 1000.0),
                        parallelism,
                        round,
                        one.rssMib(),
                        one.series(),
                        seriesPerHost,
                        mibPerHost,
                        baseMib));
        lines.add("");
        lines.add(
                "| instance | hosts | poll (median), predicted | measured | series, predicted |"
                        + " measured | resident memory |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        for (List<Instance> group : List.of(alone, together)) {
            for (Instance i : group) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "| %s%s | %d | %.0f ms | %.0f ms | %.0f | %d | %.0f MiB |",
                                i.name(),
                                group == alone ? " alone" : " beside the others",
                                i.hosts(),
                                Math.ceil(i.hosts() / (double) parallelism) * round,
                                i.pollMillis(),
                                i.hosts() * seriesPerHost,
                                i.series(),
                                i.rssMib()));
            }
        }
        lines.add("");
        return lines;
    }

    /** Starts a serve per configuration, all at once, and measures each after {@code polls}. */
    private List<Instance> measureInstances(
            List<Map<String, String>> configs, int polls, String javaOpts) throws Exception {
        Path launcher = Path.of(options.option("launcher"));
        List<ServiceRun> runs = new ArrayList<>();
        try {
            for (Map<String, String> c : configs) {
                runs.add(ServiceRun.startWith(launcher, c, Duration.ofMillis(200), javaOpts));
            }
            List<Instance> measured = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                ServiceRun run = runs.get(i);
                run.awaitPolls(polls, Duration.ofHours(1));
                List<Long> times = run.pollMillis();
                List<Long> warm = new ArrayList<>(times.subList(1, times.size()));
                String metrics = run.scrape();
                long series =
                        metrics.lines()
                                .filter(
                                        l ->
                                                l.startsWith("barnum_")
                                                        && !l.startsWith("barnum_shard"))
                                .count();
                int hosts =
                        (int) metrics.lines().filter(l -> l.startsWith("barnum_host_up{")).count();
                measured.add(
                        new Instance(
                                configs.get(i).getOrDefault("barnum.shard", "whole fleet"),
                                hosts,
                                FleetBench.percentile(warm, 50),
                                run.footprint().rssKib() / 1024.0,
                                series));
            }
            return measured;
        } finally {
            for (ServiceRun run : runs) {
                run.close();
            }
        }
    }

    private static String percentile(List<Long> values, int p) {
        return values.isEmpty() ? "-" : FleetBench.ms(FleetBench.percentile(values, p));
    }

    private static final Pattern EVENTS_UP =
            Pattern.compile("(?m)^barnum_circus_events_up\\{[^}]*\\} 1(\\.0)?$");

    /**
     * Waits until the serve's exposition says every circusd's events are live; returns how many.
     */
    private static int awaitSubscriptions(ServiceRun service, int wanted)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int live = 0;
        while (System.nanoTime() < deadline) {
            Matcher m = EVENTS_UP.matcher(service.scrape());
            live = 0;
            while (m.find()) {
                live++;
            }
            if (live >= wanted) {
                return live;
            }
            Thread.sleep(500);
        }
        return live;
    }

    /**
     * Turns of {@link BenchFleet#burn} that cost {@code millis} of CPU here: /bin/sh's own {@code
     * times} after 200,000 turns, the median of three.
     */
    static long calibrate(double millis) throws IOException, InterruptedException {
        long probe = 200_000;
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Process p =
                    new ProcessBuilder("/bin/sh", "-c", BenchFleet.burn(probe) + "; times")
                            .redirectErrorStream(true)
                            .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            nanos.add(shellTimes(out.lines().findFirst().orElseThrow()));
        }
        return Math.round(probe * millis * 1e6 / FleetBench.median(nanos));
    }

    /** User plus system time of {@code times}'s first line ({@code 0m0.280000s 0m0.000000s}). */
    static long shellTimes(String first) {
        long total = 0;
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s").matcher(first);
        while (m.find()) {
            total +=
                    Math.round(
                            (Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2)))
                                    * 1e9);
        }
        return total;
    }
}
