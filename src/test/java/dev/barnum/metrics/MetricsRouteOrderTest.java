package dev.barnum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.testfleet.SeedFleetResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Barnum's /q/metrics relies on Vert.x route order: its route must come before Quarkus's own
 * Prometheus handler for the same path (which would serve Micrometer's meters without the fleet's
 * series) and after Quarkus's security filters (which have no path). If a Quarkus upgrade moves its
 * handler ahead, this fails before any scrape goes wrong.
 */
@Tag("fleet") // a Quarkus application over the seed fleet: runs in verify
@QuarkusTest
@WithTestResource(SeedFleetResource.class)
class MetricsRouteOrderTest {

    @Inject Router router;

    @Test
    void barnumsRouteServesMetricsAheadOfQuarkussOwn() {
        List<Route> routes = router.getRoutes(); // in matching order
        List<Route> withPath =
                routes.stream()
                        .filter(r -> r.getPath() != null && "/q/metrics".startsWith(r.getPath()))
                        .toList();
        assertThat(withPath)
                .as("routes whose path takes /q/metrics, Quarkus's /q/ router among them")
                .hasSizeGreaterThan(1);
        assertThat(withPath.get(0).getName()).isEqualTo(MetricsRoute.NAME);
        assertThat(routes.subList(0, routes.indexOf(withPath.get(0))))
                .as("Quarkus's filters (security among them) run first")
                .isNotEmpty()
                .allMatch(r -> r.getPath() == null);
    }
}
