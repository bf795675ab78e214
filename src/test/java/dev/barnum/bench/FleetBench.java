package dev.barnum.bench;

import dev.barnum.testfleet.TestFleet;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Barnum's fleet benchmark ({@code bench/run}): real sshds on loopback, N = 1, 50, 200 hosts of
 * several circus users and watchers each. For each N it times, alternating the contenders round
 * after round so that machine noise hits them alike: Barnum's warm poll, its cold first poll, the
 * original tool's fresh {@code ssh} per host and the same commands over open ControlMaster
 * connections; and counts the SSH channels each poll opens per host, as the hosts saw them. On the
 * largest fleet, it also runs a real {@code barnum-cli serve} (scrape latency while polls run,
 * memory, threads and descriptors after many polls) and times the one-off {@code barnum-cli
 * USER@HOST} beside plain {@code ssh}. Writes a Markdown results table.
 *
 * <pre>
 * FleetBench [--hosts 1,50,200] [--rounds 5] [--users 5] [--watchers 10] [--scrapes 500]
 *            [--polls 100,1000] [--one-offs 10] [--launcher ./barnum-cli] [--out bench/results.md]
 * FleetBench --only one-offs [--hosts 1] [--one-offs 10]
 *            [--launcher "BARNUM_CDS=off ./barnum-cli,./barnum-cli"]
 *            [--out bench/results-one-offs.md]
 * FleetBench --transports circusctl,direct [--hosts 200] [--rounds 3] [--events 200]
 *            [--burn-ms 150] [--serve-java-opts -Xmx256m] [--polls 20,60]
 *            [--out bench/results-transports.md]
 * </pre>
 */
public final class FleetBench {

    private final Map<String, String> options = new LinkedHashMap<>();

    private FleetBench() {
        String[] defaults = {
            "hosts",
            "1,50,200",
            "rounds",
            "5",
            "users",
            "5",
            "watchers",
            "10",
            "scrapes",
            "500",
            "polls",
            "100,1000",
            "one-offs",
            "10",
            "launcher",
            "./barnum-cli",
            "out",
            "bench/results.md",
            "transports",
            "",
            "events",
            "200",
            "burn-ms",
            "150",
            "serve-java-opts",
            "-Xmx256m",
            "shards",
            "0",
            "only",
            ""
        };
        for (int i = 0; i < defaults.length; i += 2) {
            options.put(defaults[i], defaults[i + 1]);
        }
    }

    private final StringBuilder report = new StringBuilder();

    /** Options of {@code --transports} alone, left out of the default run's command line. */
    private static final java.util.Set<String> COMPARISON_ONLY =
            java.util.Set.of(
                    "transports", "events", "burn-ms", "serve-java-opts", "shards", "only");

    /** The options given on the command line (the others have their defaults). */
    private final java.util.Set<String> given = new java.util.HashSet<>();

    public static void main(String... args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FleetBench: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    /**
     * Runs the benchmark with these options; returns the results table, also written to {@code
     * --out}.
     */
    public static String run(String... args) throws Exception {
        FleetBench bench = new FleetBench();
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!bench.options.containsKey(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "unknown or incomplete option "
                                + args[i]
                                + "; options: "
                                + bench.options.keySet());
            }
            bench.options.put(key, args[i + 1]);
            bench.given.add(key);
        }
        bench.run();
        return bench.report.toString();
    }

    String option(String key) {
        return options.get(key);
    }

    int integer(String key) {
        return Integer.parseInt(options.get(key));
    }

    List<Integer> integers(String key) {
        return Arrays.stream(options.get(key).split(","))
                .map(String::strip)
                .map(Integer::valueOf)
                .toList();
    }

    private void run() throws Exception {
        int users = integer("users");
        int watchers = integer("watchers");
        if (!options.get("transports").isBlank()) {
            compareTransports(users, watchers);
            return;
        }
        if (!options.get("only").isBlank()) {
            oneOffsOnly(users, watchers);
            return;
        }
        List<Integer> sizes = integers("hosts");
        int largest = Collections.max(sizes);
        header(users, watchers);
        line(
                "| hosts | Barnum warm poll | Barnum cold poll | fresh `ssh` per host (3) | ControlMaster (4) | warm / (4) | warm / (3) "
                        + "| SSH channels per host, warm poll | cold poll |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<String> serviceLines = new ArrayList<>();
        for (int n : sizes) {
            progress("fleet of " + n + " hosts: starting");
            try (BenchFleet fleet = BenchFleet.start(n, users, watchers);
                    Contenders c = new Contenders(fleet, users, watchers)) {
                c.warmUp();
                long before = fleet.channels();
                c.check(c.poll(c.warmFleet()));
                double warmChannels = (fleet.channels() - before) / (double) n;
                before = fleet.channels();
                c.barnumCold();
                double coldChannels = (fleet.channels() - before) / (double) n;

                List<String> names = List.of("warm", "cold", "fresh", "master");
                List<LongSupplier> runs =
                        List.of(c::barnumWarm, c::barnumCold, c::freshSsh, c::controlMaster);
                Map<String, List<Long>> took = new LinkedHashMap<>();
                names.forEach(name -> took.put(name, new ArrayList<>()));
                int rounds = integer("rounds");
                for (int r = 0; r < rounds; r++) {
                    for (int k = 0; k < runs.size(); k++) {
                        int i = (k + r) % runs.size();
                        took.get(names.get(i)).add(runs.get(i).getAsLong());
                    }
                    progress("fleet of " + n + " hosts: round " + (r + 1) + "/" + rounds);
                }
                double warm = median(took.get("warm"));
                double fresh = median(took.get("fresh"));
                double master = median(took.get("master"));
                line(
                        String.format(
                                Locale.ROOT,
                                "| %d | %s | %s | %s | %s | %.2fx | %.2fx | %.1f | %.1f |",
                                n,
                                ms(warm),
                                ms(median(took.get("cold"))),
                                ms(fresh),
                                ms(master),
                                warm / master,
                                warm / fresh,
                                warmChannels,
                                coldChannels));
                if (n == largest) {
                    serviceLines.addAll(oneOff(fleet));
                    serviceLines.addAll(service(fleet, users, watchers));
                }
            }
        }
        line("");
        serviceLines.forEach(this::line);
        writeReport();
    }

    /**
     * {@code --transports circusctl,direct}: circus's own protocol against circusctl on each fleet
     * size, nothing else (see {@link TransportComparison}); writes {@code
     * bench/results-transports.md} unless {@code --out} says otherwise.
     */
    private void compareTransports(int users, int watchers) throws Exception {
        if (!given.contains("out")) {
            options.put("out", "bench/results-transports.md");
        }
        opening(
                "Barnum: circus's protocol against circusctl",
                users,
                watchers,
                "each user's circusd a real ZMTP peer (JeroMQ) whose ports its circus.ini names");
        line(
                "- command: `bench/run "
                        + String.join(
                                " ",
                                given.stream()
                                        .filter(k -> !k.equals("launcher"))
                                        .sorted()
                                        .map(k -> "--" + k + " " + options.get(k))
                                        .toList())
                        + "`");
        line("");
        try {
            for (int n : integers("hosts")) {
                line("## " + n + " hosts");
                line("");
                new TransportComparison(this, this::line).run(n, users, watchers);
            }
        } catch (Exception | Error e) {
            line("");
            line("The run stopped here: " + e);
            throw e;
        } finally {
            writeReport(); // what was measured before a failure is kept
        }
    }

    /** Writes the report to {@code --out} and prints it. */
    private void writeReport() throws IOException {
        Path out = Path.of(options.get("out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.print(report);
        progress("results written to " + out);
    }

    /** The title, then the date, the machine and the fleet's shape as the report's first lines. */
    private void opening(String title, int users, int watchers, String circusds)
            throws IOException {
        line("# " + title);
        line("");
        line(
                "- date: "
                        + LocalDate.now()
                        + "; machine: "
                        + machine()
                        + "; Java "
                        + System.getProperty("java.version"));
        line(
                "- fleet: real OpenSSH servers on loopback, "
                        + users
                        + " circus users per host (one active unit each), "
                        + watchers
                        + " watchers per user; "
                        + circusds);
    }

    private void header(int users, int watchers) throws IOException {
        opening(
                "Barnum fleet benchmark",
                users,
                watchers,
                "every poll asks every user's circusd for `status` and `stats`");
        line(
                "- times: medians of "
                        + options.get("rounds")
                        + " rounds, the contenders' order rotating each round");
        line(
                "- command: `bench/run "
                        + String.join(
                                " ",
                                options.entrySet().stream()
                                        .filter(
                                                e ->
                                                        !e.getKey().equals("out")
                                                                && !e.getKey().equals("launcher")
                                                                && !COMPARISON_ONLY.contains(
                                                                        e.getKey()))
                                        .map(e -> "--" + e.getKey() + " " + e.getValue())
                                        .toList())
                        + "`");
        line("");
    }

    /**
     * {@code --only one-offs}: the one-off commands alone, on a fleet of the largest {@code
     * --hosts} (one host is enough: a one-off asks one); writes {@code bench/results-one-offs.md}
     * unless {@code --out} says otherwise.
     */
    private void oneOffsOnly(int users, int watchers) throws Exception {
        if (!options.get("only").equals("one-offs")) {
            throw new IllegalArgumentException("--only takes one-offs, not " + options.get("only"));
        }
        if (!given.contains("out")) {
            options.put("out", "bench/results-one-offs.md");
        }
        if (!given.contains("hosts")) {
            options.put("hosts", "1");
        }
        int n = Collections.max(integers("hosts"));
        opening(
                "Barnum: the one-off CLI",
                users,
                watchers,
                "each one-off asks one user's circusd for `status`");
        line(
                "- command: `bench/run --only one-offs --hosts "
                        + n
                        + " --one-offs "
                        + options.get("one-offs")
                        + "`; launcher `"
                        + options.get("launcher")
                        + "`");
        line("");
        progress("fleet of " + n + " hosts: starting");
        try (BenchFleet fleet = BenchFleet.start(n, users, watchers)) {
            oneOff(fleet).forEach(this::line);
        }
        writeReport();
    }

    /**
     * {@code barnum-cli u1@h001} and {@code barnum-cli --help} beside {@code ssh h001 <the same
     * commands>}, each run once untimed first (a launcher that builds or records anything does it
     * then). With {@code --only one-offs}, {@code --launcher} may name several launchers, comma
     * separated, to compare them: their runs alternate, the order rotating each round, so that
     * machine noise hits them alike.
     */
    private List<String> oneOff(BenchFleet fleet) throws IOException, InterruptedException {
        progress("one-off barnum-cli and ssh");
        String host = BenchFleet.host(1);
        String user = BenchFleet.user(1);
        List<String> launchers =
                options.get("only").isBlank()
                        ? List.of(options.get("launcher"))
                        : List.of(options.get("launcher").split(","));
        Map<String, List<Long>> took = new LinkedHashMap<>();
        List<String> sshArgv = new ArrayList<>(fleet.ssh());
        sshArgv.addAll(List.of(host, fleet.oneOffCommands(user, host)));
        List<String> names = new ArrayList<>();
        List<java.util.concurrent.Callable<Long>> runs = new ArrayList<>();
        for (String launcher : launchers) {
            String suffix = launchers.size() > 1 ? " (" + launcher + ")" : "";
            names.add("`barnum-cli " + user + "@" + host + "`" + suffix);
            runs.add(
                    () ->
                            timeProcess(
                                    launcher(launcher, fleet.barnumConfig(), user + "@" + host),
                                    "w00: active"));
            names.add("`barnum-cli --help`" + suffix);
            runs.add(
                    () ->
                            timeProcess(
                                    launcher(launcher, fleet.barnumConfig(), "--help"),
                                    "Exit status:"));
        }
        names.add("`ssh " + host + " <the same commands>`");
        runs.add(() -> timeProcess(new ProcessBuilder(sshArgv), "\"statuses\""));
        names.forEach(name -> took.put(name, new ArrayList<>()));
        try {
            for (java.util.concurrent.Callable<Long> run : runs) {
                run.call();
            }
            int rounds = integer("one-offs");
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < runs.size(); k++) {
                    int i = (k + r) % runs.size();
                    took.get(names.get(i)).add(runs.get(i).call());
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<String> lines = new ArrayList<>();
        lines.add("| one-off | median wall time |");
        lines.add("|---|---:|");
        took.forEach((name, times) -> lines.add("| " + name + " | " + ms(median(times)) + " |"));
        lines.add("");
        return lines;
    }

    /**
     * @param launcher the launcher's path, after any {@code NAME=value} words for its environment
     *     ({@code BARNUM_CDS=off ./barnum-cli})
     */
    private static ProcessBuilder launcher(
            String launcher, Map<String, String> config, String... args) {
        List<String> words = List.of(launcher.strip().split(" +"));
        List<String> argv = new ArrayList<>(words.subList(words.size() - 1, words.size()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(TestFleet.environment(config));
        for (String word : words.subList(0, words.size() - 1)) {
            if (!word.contains("=")) {
                throw new IllegalArgumentException(
                        "--launcher " + launcher + ": expected NAME=value words, then the path");
            }
            pb.environment()
                    .put(
                            word.substring(0, word.indexOf('=')),
                            word.substring(word.indexOf('=') + 1));
        }
        return pb;
    }

    private static long timeProcess(ProcessBuilder pb, String expected)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("barnum-bench-", ".out");
        try {
            long start = System.nanoTime();
            Process p =
                    pb.redirectInput(new File("/dev/null"))
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(pb.command() + " did not end");
            }
            long took = System.nanoTime() - start;
            String text = Files.readString(out);
            if (p.exitValue() != 0 || !text.contains(expected)) {
                throw new IllegalStateException(
                        pb.command() + " exited " + p.exitValue() + ": " + text);
            }
            return took;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * A real service on the largest fleet: scrapes between polls (the service holding the
     * snapshot), scrapes while it polls back to back, then its footprint after many back-to-back
     * polls.
     */
    private List<String> service(BenchFleet fleet, int users, int watchers) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(
                "| `/q/metrics` scrapes (at least "
                        + integer("scrapes")
                        + " after "
                        + WARM_UP_SCRAPES
                        + " untimed, each followed by a request for nothing; while polling, until "
                        + POLLS_PER_SCRAPE_ROW
                        + " polls ended) "
                        + "| scrapes | polls meanwhile | p50 | p99 | max | the request for nothing: p50 | p99 |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|");
        progress("barnum-cli serve: scrapes between polls");
        String size;
        try (ServiceRun service =
                ServiceRun.start(
                        Path.of(options.get("launcher")),
                        fleet.barnumConfig(),
                        Duration.ofHours(1))) {
            size = checkExposition(service.scrape(), fleet, users, watchers);
            lines.add(scrapeRow("between polls", service, 0));
        }
        progress("barnum-cli serve: scrapes while it polls back to back");
        List<String> footprints = new ArrayList<>();
        try (ServiceRun service =
                ServiceRun.start(
                        Path.of(options.get("launcher")),
                        fleet.barnumConfig(),
                        Duration.ofMillis(200))) {
            lines.add(
                    scrapeRow(
                            "while polls run back to back, the hosts on the same cores",
                            service,
                            POLLS_PER_SCRAPE_ROW));
            footprints.add("| after polls | resident memory | threads | open descriptors |");
            footprints.add("|---:|---:|---:|---:|");
            ServiceRun.Footprint first = null;
            for (int polls : integers("polls")) {
                progress(
                        "barnum-cli serve: waiting for "
                                + polls
                                + " polls (now "
                                + service.polls()
                                + ")");
                service.awaitPolls(polls, Duration.ofHours(3));
                ServiceRun.Footprint f = service.footprint();
                first = first == null ? f : first;
                String growth =
                        f == first
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        " (%+.1f %%)",
                                        100.0 * (f.rssKib() - first.rssKib()) / first.rssKib());
                footprints.add(
                        String.format(
                                Locale.ROOT,
                                "| %d | %.0f MiB%s | %d | %d |",
                                f.polls(),
                                f.rssKib() / 1024.0,
                                growth,
                                f.threads(),
                                f.fds()));
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores >= 2) {
            String hostCpus = cpus(0, cores / 2 - 1);
            String serviceCpus = cpus(cores / 2, cores - 1);
            progress(
                    "barnum-cli serve: scrapes while it polls back to back, the hosts on CPU "
                            + hostCpus
                            + ", the service on CPU "
                            + serviceCpus);
            fleet.confine(hostCpus);
            try (ServiceRun service =
                    ServiceRun.start(
                            Path.of(options.get("launcher")),
                            fleet.barnumConfig(),
                            Duration.ofMillis(200),
                            serviceCpus)) {
                lines.add(
                        scrapeRow(
                                "while polls run back to back, the hosts on CPU "
                                        + hostCpus
                                        + ", the service on CPU "
                                        + serviceCpus,
                                service,
                                POLLS_PER_SCRAPE_ROW));
            }
        }
        lines.add("");
        lines.add("The service held " + size + ".");
        lines.add("");
        lines.addAll(footprints);
        lines.add("");
        return lines;
    }

    /**
     * The whole fleet is in the exposition: every state of every watcher; returns its size for the
     * report.
     */
    private static String checkExposition(
            String exposition, BenchFleet fleet, int users, int watchers) {
        long series = exposition.lines().filter(l -> l.startsWith("barnum_")).count();
        long watcherSeries =
                exposition.lines().filter(l -> l.startsWith("barnum_watcher_state{")).count();
        long expected = (long) fleet.hosts().size() * users * watchers * 5;
        if (watcherSeries != expected) {
            throw new IllegalStateException(
                    "/q/metrics holds " + watcherSeries + " watcher state series, not " + expected);
        }
        return String.format(
                Locale.ROOT,
                "%d hosts x %d users x %d watchers: %d barnum series, %d KiB of exposition",
                fleet.hosts().size(),
                users,
                watchers,
                series,
                exposition.length() / 1024);
    }

    private static String cpus(int first, int last) {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }

    private static final int WARM_UP_SCRAPES = 20;

    /**
     * Scrapes while the service polls go on until this many polls ended meanwhile, whatever their
     * number.
     */
    private static final int POLLS_PER_SCRAPE_ROW = 3;

    private String scrapeRow(String when, ServiceRun service, int polls)
            throws IOException, InterruptedException {
        service.latencies(WARM_UP_SCRAPES); // the JVM's first requests compile the path; untimed
        long pollsBefore = service.polls();
        ServiceRun.Latencies took = service.latencies(integer("scrapes"));
        while (service.polls() - pollsBefore < polls) {
            took.add(service.latencies(10));
        }
        List<Long> scrapes = took.scrapes();
        return "| "
                + when
                + " | "
                + scrapes.size()
                + " | "
                + (service.polls() - pollsBefore)
                + " | "
                + ms(percentile(scrapes, 50))
                + " | "
                + ms(percentile(scrapes, 99))
                + " | "
                + ms(Collections.max(scrapes))
                + " | "
                + ms(percentile(took.nothing(), 50))
                + " | "
                + ms(percentile(took.nothing(), 99))
                + " |";
    }

    private static String machine() throws IOException {
        String model =
                Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst()
                        .orElse("unknown CPU");
        long memKib =
                Files.readAllLines(Path.of("/proc/meminfo")).stream()
                        .filter(l -> l.startsWith("MemTotal:"))
                        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                        .findFirst()
                        .orElse(0);
        return Runtime.getRuntime().availableProcessors()
                + " cores ("
                + model
                + "), "
                + Math.round(memKib / 1048576.0)
                + " GiB";
    }

    static double median(List<Long> values) {
        return percentile(values, 50);
    }

    static double percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static String ms(double nanos) {
        double ms = nanos / 1e6;
        return ms >= 100
                ? String.format(Locale.ROOT, "%.0f ms", ms)
                : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    static void progress(String text) {
        System.err.println("bench: " + text);
    }
}
