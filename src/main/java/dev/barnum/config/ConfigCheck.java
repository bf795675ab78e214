package dev.barnum.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of {@link BarnumConfig} that parse but cannot work (a poll every 0 s, a connect
 * timeout of 0, a port past 65535), found before anything starts. Pure: reads no file.
 */
public final class ConfigCheck {

    private ConfigCheck() {}

    /**
     * @return one line per problem, naming the key and the value; empty when every value can work
     */
    public static List<String> problems(BarnumConfig config) {
        List<String> problems = new ArrayList<>();
        positive(problems, "barnum.poll.interval", config.poll().interval());
        atLeast(problems, "barnum.poll.parallelism", config.poll().parallelism(), 1);
        positive(problems, "barnum.ssh.connect-timeout", config.ssh().connectTimeout());
        positive(problems, "barnum.ssh.command-timeout", config.ssh().commandTimeout());
        if (config.circus().timeout().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(
                    "barnum.circus.timeout="
                            + show(config.circus().timeout())
                            + ": must be at least 1s (circusctl counts whole seconds)");
        }
        atLeast(problems, "barnum.commands.retries", config.commands().retries(), 0);
        if (config.commands().retryBackoff().isNegative()) {
            problems.add(
                    "barnum.commands.retry-backoff="
                            + show(config.commands().retryBackoff())
                            + ": must not be negative");
        }
        config.jmx().port().ifPresent(port -> port(problems, "barnum.jmx.port", port, 1));
        return problems;
    }

    /** Adds a problem when {@code port} is not a TCP port from {@code lowest} to 65535. */
    public static void port(List<String> problems, String key, int port, int lowest) {
        if (port < lowest || port > 65535) {
            problems.add(key + "=" + port + ": not a TCP port (" + lowest + "-65535)");
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + "=" + show(value) + ": must be longer than 0");
        }
    }

    /**
     * {@code 30s}, {@code 0s}, {@code -5s}, {@code 1500ms}: as a person would write it in the
     * configuration.
     */
    private static String show(Duration value) {
        long millis = value.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static void atLeast(List<String> problems, String key, int value, int lowest) {
        if (value < lowest) {
            problems.add(key + "=" + value + ": must be at least " + lowest);
        }
    }
}
