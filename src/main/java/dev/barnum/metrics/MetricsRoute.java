package dev.barnum.metrics;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code /q/metrics}: the fleet's series from {@link FleetExposition}, sent as rendered at the last
 * poll, followed by Micrometer's own meters (commands, JVM, HTTP), rendered per scrape as Quarkus
 * does and sent as they are (their {@code # EOF} closes an OpenMetrics scrape). Takes the path
 * ahead of Quarkus's own handler (which would copy the whole exposition three times per scrape),
 * behind its security filters; the content type is chosen as Quarkus chooses it: OpenMetrics unless
 * the client asks for {@code text/plain}.
 */
@ApplicationScoped
public class MetricsRoute {

    private final MicrometerMeters meters;
    private final FleetExposition fleet;

    @Inject
    MetricsRoute(MicrometerMeters meters, FleetExposition fleet) {
        this.meters = meters;
        this.fleet = fleet;
    }

    /**
     * Quarkus's filters (CORS, authentication, authorization) run at negative orders, its
     * Prometheus routes at 1 and 2.
     */
    static final int ORDER = 0;

    /** The route's name, by which a test finds it among Quarkus's own. */
    static final String NAME = "barnum fleet metrics";

    void route(@Observes Router router) {
        router.get("/q/metrics").order(ORDER).setName(NAME).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        String contentType = contentType(context.request().getHeader("Accept"));
        Buffer series = Buffer.buffer(fleet.bytes(contentType));
        Buffer own = Buffer.buffer(meters.scrape(contentType));
        HttpServerResponse response =
                context.response()
                        .putHeader("Content-Type", contentType)
                        .putHeader(
                                "Content-Length", Integer.toString(series.length() + own.length()));
        response.write(series);
        response.end(own);
    }

    /** As Quarkus's Prometheus handler: no Accept header or anything but text is OpenMetrics. */
    static String contentType(String accept) {
        if (accept != null && (accept.contains("text/plain") || accept.contains("text/html"))) {
            return FleetExposition.TEXT;
        }
        return FleetExposition.OPEN_METRICS;
    }
}
