package dev.barnum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

/** {@code /q/metrics} chooses its format as Quarkus's own Prometheus handler does. */
class MetricsRouteTest {

    @Test
    void openMetricsUnlessTheClientAsksForText() {
        assertThat(MetricsRoute.contentType(null))
                .isEqualTo(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
        // what Prometheus sends: OpenMetrics first, text as a fallback
        assertThat(
                        MetricsRoute.contentType(
                                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"))
                .isEqualTo(TextFormat.CONTENT_TYPE_004);
        assertThat(MetricsRoute.contentType("application/openmetrics-text; version=1.0.0"))
                .isEqualTo(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
        assertThat(MetricsRoute.contentType("text/plain; version=0.0.4"))
                .isEqualTo(TextFormat.CONTENT_TYPE_004);
        assertThat(MetricsRoute.contentType("text/html")).isEqualTo(TextFormat.CONTENT_TYPE_004);
        assertThat(MetricsRoute.contentType("*/*"))
                .isEqualTo(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
    }
}
