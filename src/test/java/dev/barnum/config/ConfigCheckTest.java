package dev.barnum.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.TestConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values that parse but cannot work are named before anything starts, one line each. */
class ConfigCheckTest {

    @Test
    void theDefaultsCanWork() {
        assertThat(ConfigCheck.problems(TestConfig.barnum(Map.of()))).isEmpty();
    }

    @Test
    void eachValueThatCannotWorkIsOneLineNamingItsKey() {
        BarnumConfig config =
                TestConfig.barnum(
                        Map.of(
                                "barnum.poll.interval",
                                "0s",
                                "barnum.poll.parallelism",
                                "0",
                                "barnum.ssh.connect-timeout",
                                "0",
                                "barnum.ssh.command-timeout",
                                "-5s",
                                "barnum.circus.timeout",
                                "500ms",
                                "barnum.commands.retries",
                                "-1",
                                "barnum.commands.retry-backoff",
                                "-1s",
                                "barnum.jmx.port",
                                "99999"));
        assertThat(ConfigCheck.problems(config))
                .containsExactly(
                        "barnum.poll.interval=0s: must be longer than 0",
                        "barnum.poll.parallelism=0: must be at least 1",
                        "barnum.ssh.connect-timeout=0s: must be longer than 0",
                        "barnum.ssh.command-timeout=-5s: must be longer than 0",
                        "barnum.circus.timeout=500ms: must be at least 1s (circusctl counts whole seconds)",
                        "barnum.commands.retries=-1: must be at least 0",
                        "barnum.commands.retry-backoff=-1s: must not be negative",
                        "barnum.jmx.port=99999: not a TCP port (1-65535)");
    }
}
