package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code barnum-cli serve} of the packaged application, as operators run it, with a configuration
 * of the test's, and what a test asks it over HTTP.
 */
final class Served implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int httpPort;

    private Served(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts serve with {@code config} (as {@code -D} options) on {@code httpPort}, logging to
     * {@code log}; returns once it is ready (its first poll done).
     */
    static Served start(Map<String, String> config, int httpPort, Path log) throws Exception {
        List<String> argv = new ArrayList<>(List.of("java"));
        config.forEach((key, value) -> argv.add("-D" + key + "=" + value));
        argv.addAll(List.of("-Dquarkus.http.port=" + httpPort, "-jar", JAR.toString(), "serve"));
        Process process =
                new ProcessBuilder(argv)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        Served served = new Served(process, httpPort);
        awaitTrue(
                "Barnum ready (see " + log + ")",
                Duration.ofSeconds(60),
                () -> served.status("/q/health/ready") == 200);
        return served;
    }

    int httpPort() {
        return httpPort;
    }

    /**
     * {@code /q/metrics} in Prometheus's text format, formatting variants folded: {@code {a="b",}
     * 1.0} reads {@code {a="b"} 1}.
     */
    String metrics() {
        return get("/q/metrics", null)
                .lines()
                .map(line -> line.replace(",}", "}").replaceAll(" (-?\\d+)\\.0$", " $1"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    int status(String path) {
        try {
            return HTTP.send(request(path, null), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String get(String path, String credentials) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request(path, credentials), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpRequest request(String path, String credentials) {
        return builder(path, credentials).build();
    }

    private HttpRequest.Builder builder(String path, String credentials) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .header(
                                "Accept",
                                path.equals("/q/metrics")
                                        ? "text/plain; version=0.0.4"
                                        : "application/json")
                        .timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /**
     * POSTs {@code json} without waiting for the answer (a command that may outlast the test's
     * patience, or the service).
     */
    java.util.concurrent.CompletableFuture<HttpResponse<String>> post(
            String path, String credentials, String json) {
        HttpRequest request =
                builder(path, credentials)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofMinutes(5))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends SIGTERM, as systemd and Ctrl-C stop it, and waits for it to end.
     *
     * @return its exit status
     * @throws AssertionError when it did not end within {@code limit}
     */
    int terminate(Duration limit) throws InterruptedException {
        sigterm();
        return awaitExit(limit);
    }

    /** Sends SIGTERM, as systemd and Ctrl-C stop it. */
    void sigterm() {
        process.destroy();
    }

    /**
     * @return its exit status
     * @throws AssertionError when it did not end within {@code limit}
     */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("serve did not end within " + limit);
        }
        return process.exitValue();
    }

    static void awaitTrue(String what, Duration limit, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
