package dev.barnum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code /q/metrics} chooses its format as Quarkus's own Prometheus handler does. */
class MetricsRouteTest {

    @Test
    void openMetricsUnlessTheClientAsksForText() {
        assertThat(MetricsRoute.contentType(null)).isEqualTo(FleetExposition.OPEN_METRICS);
        // what Prometheus sends: OpenMetrics first, text as a fallback
        assertThat(
                        MetricsRoute.contentType(
                                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"))
                .isEqualTo(FleetExposition.TEXT);
        assertThat(MetricsRoute.contentType("application/openmetrics-text; version=1.0.0"))
                .isEqualTo(FleetExposition.OPEN_METRICS);
        assertThat(MetricsRoute.contentType("text/plain; version=0.0.4"))
                .isEqualTo(FleetExposition.TEXT);
        assertThat(MetricsRoute.contentType("text/html")).isEqualTo(FleetExposition.TEXT);
        assertThat(MetricsRoute.contentType("*/*")).isEqualTo(FleetExposition.OPEN_METRICS);
    }
}
