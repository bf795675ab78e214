package dev.barnum.bench;

import dev.barnum.testfleet.TestFleet;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code barnum-cli serve}, started by the launcher as a user starts it, polling a {@link
 * BenchFleet} back to back; read from outside: {@code /q/metrics} over HTTP, its resident memory,
 * threads and descriptors from {@code /proc}, its polls from its own log.
 */
final class ServiceRun implements AutoCloseable {

    /** What the process looks like at one moment. */
    record Footprint(long polls, long rssKib, int threads, int fds) {}

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceRun(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code launcher serve} against the fleet, polling every {@code interval}. */
    static ServiceRun start(Path launcher, Map<String, String> barnumConfig, Duration interval)
            throws IOException {
        return start(launcher, barnumConfig, interval, null);
    }

    /** The same with these JVM options after the launcher's own (so that they win). */
    static ServiceRun startWith(
            Path launcher, Map<String, String> barnumConfig, Duration interval, String javaOpts)
            throws IOException {
        return start(launcher, barnumConfig, interval, null, javaOpts);
    }

    /** The same, on these CPUs only ({@code taskset -c} syntax) unless {@code cpus} is null. */
    static ServiceRun start(
            Path launcher, Map<String, String> barnumConfig, Duration interval, String cpus)
            throws IOException {
        return start(launcher, barnumConfig, interval, cpus, "");
    }

    private static ServiceRun start(
            Path launcher,
            Map<String, String> barnumConfig,
            Duration interval,
            String cpus,
            String javaOpts)
            throws IOException {
        int port = TestFleet.freePort();
        Path log = Files.createTempFile("barnum-bench-serve-", ".log");
        List<String> argv =
                new ArrayList<>(cpus == null ? List.of() : List.of("taskset", "-c", cpus));
        argv.addAll(List.of(launcher.toString(), "serve"));
        ProcessBuilder pb =
                new ProcessBuilder(argv)
                        .redirectInput(new File("/dev/null"))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(TestFleet.environment(barnumConfig));
        env.put("BARNUM_POLL_INTERVAL", interval.toMillis() + "ms");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // the poller's DEBUG line per poll is how the benchmark counts polls; the rest stays at
        // INFO
        env.put(
                "BARNUM_JAVA_OPTS",
                (System.getenv().getOrDefault("BARNUM_JAVA_OPTS", "")
                                + " -Dquarkus.log.category.\"dev.barnum.service.Poller\".level=DEBUG "
                                + javaOpts)
                        .strip());
        ServiceRun run = new ServiceRun(pb.start(), log, port);
        try {
            run.awaitPolls(1, Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            run.process.destroyForcibly();
            throw e;
        }
        return run;
    }

    /** How long each poll took, in milliseconds, from the service's own log, in order. */
    List<Long> pollMillis() {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("poll done:"))
                    .map(l -> l.replaceFirst(".* in (\\d+) ms.*", "$1"))
                    .filter(t -> t.matches("\\d+"))
                    .map(Long::parseLong)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Polls completed so far, from the service's own log. */
    long polls() {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("poll done:")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Waits until {@code n} polls completed; fails when the service died or took longer than {@code
     * limit}.
     */
    void awaitPolls(long n, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (polls() < n) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "barnum-cli serve exited " + process.exitValue() + "; its log: " + log);
            }
            if (outOfMemory()) {
                throw new IllegalStateException(
                        "barnum-cli serve ran out of memory (OutOfMemoryError) after "
                                + polls()
                                + " polls; its log: "
                                + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "barnum-cli serve did not complete "
                                + n
                                + " polls in "
                                + limit
                                + "; its log: "
                                + log);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Whether the service's log says it ran out of memory. */
    private boolean outOfMemory() {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.anyMatch(l -> l.contains("OutOfMemoryError"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** One scrape of {@code /q/metrics} in Prometheus's text format. */
    String scrape() throws IOException, InterruptedException {
        return new String(scrapeBytes(), StandardCharsets.UTF_8);
    }

    /**
     * The same as bytes, as a scraper reads them (timing a scrape should not time decoding
     * megabytes into a String).
     */
    private byte[] scrapeBytes() throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                        .header("Accept", "text/plain; version=0.0.4")
                        .timeout(Duration.ofSeconds(30))
                        .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/q/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * Latencies in nanoseconds of {@code count} scrapes, and of as many requests for nothing (a
     * 404), taken in turn.
     */
    record Latencies(List<Long> scrapes, List<Long> nothing) {
        void add(Latencies more) {
            scrapes.addAll(more.scrapes());
            nothing.addAll(more.nothing());
        }
    }

    /**
     * {@code count} scrapes, each followed by a request for nothing: what that costs is the floor
     * that any request to the process meets at that moment (scheduling, GC pauses).
     */
    Latencies latencies(int count) throws IOException, InterruptedException {
        HttpRequest nothing =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/barnum-bench-nothing"))
                        .timeout(Duration.ofSeconds(30))
                        .build();
        Latencies took = new Latencies(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            scrapeBytes();
            took.scrapes().add(System.nanoTime() - start);
            start = System.nanoTime();
            int status = http.send(nothing, HttpResponse.BodyHandlers.discarding()).statusCode();
            took.nothing().add(System.nanoTime() - start);
            if (status != 404) {
                throw new IllegalStateException("/barnum-bench-nothing answered " + status);
            }
        }
        return took;
    }

    Footprint footprint() throws IOException {
        long pid = process.pid();
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        int fds;
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = (int) s.count();
        }
        return new Footprint(polls(), rss, threads, fds);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
