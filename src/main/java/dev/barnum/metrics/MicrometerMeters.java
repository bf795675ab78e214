package dev.barnum.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Micrometer's own meters (commands, JVM, HTTP) as Quarkus's Prometheus registry renders them per
 * scrape. The one class that names that registry: Quarkus 3.33 provides Micrometer's
 * simpleclient-based one, which Micrometer has deprecated; when Quarkus moves to client_java 1.x
 * ({@code io.micrometer.prometheusmetrics.PrometheusMeterRegistry}, with the same {@code
 * scrape(String)}), this import is the whole change.
 */
@ApplicationScoped
@SuppressWarnings("deprecation") // the registry Quarkus 3.33 provides, see above
class MicrometerMeters {

    private final PrometheusMeterRegistry registry;

    @Inject
    MicrometerMeters(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** Every meter, in {@code contentType} (ending with {@code # EOF} in OpenMetrics). */
    String scrape(String contentType) {
        return registry.scrape(contentType);
    }
}
