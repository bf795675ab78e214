package dev.barnum.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * grafana/: promtool checks and rule unit tests, the dashboard against @grafana/schema with
 * TypeScript, and the dashboard's lint (no import placeholders, every catalogue metric used). The
 * live half (a real Prometheus scraping a running Barnum) is in ServeIT.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(300)
class GrafanaChecksTest {

    @Test
    void staticChecksPass() throws Exception {
        Process checks =
                new ProcessBuilder("grafana/check/static.sh").redirectErrorStream(true).start();
        String out = new String(checks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(checks.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(checks.exitValue()).as(out).isZero();
        assertThat(out).contains("promtool test rules").contains(" 0 failed");
    }
}
