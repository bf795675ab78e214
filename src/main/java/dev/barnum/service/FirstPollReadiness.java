package dev.barnum.service;

import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.SnapshotStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the first poll has completed (before that, every surface would show an empty fleet),
 * and while the last poll could read the fleet's configuration: when the users file or a home
 * cannot be read, polls stop and every surface shows an older fleet, so the service says so. An old
 * snapshot alone leaves it ready (it is still the fleet as last seen, and liveness covers a stuck
 * poller); its age is in the data. A sample:
 *
 * <pre>{@code
 * {"name": "fleet-snapshot", "status": "UP", "data": {"polledAt": "2026-12-01T10:00:30Z",
 *   "snapshotAgeSeconds": 14, "hosts": 5}}
 * }</pre>
 */
@Readiness
@ApplicationScoped
public class FirstPollReadiness implements HealthCheck {

    @Inject SnapshotStore store;

    @Inject Poller poller;

    @Inject Clock clock;

    @Override
    public HealthCheckResponse call() {
        Optional<FleetSnapshot> latest = store.latest();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("fleet-snapshot");
        latest.ifPresent(
                s ->
                        response.withData("polledAt", s.at().toString())
                                .withData(
                                        "snapshotAgeSeconds",
                                        Math.max(
                                                0,
                                                Duration.between(s.at(), clock.instant())
                                                        .toSeconds()))
                                .withData("hosts", s.hosts().size()));
        Optional<String> unreadable = poller.unreadableConfiguration();
        if (unreadable.isPresent()) {
            return response.down()
                    .withData(
                            "reason",
                            "polls stopped, the fleet's configuration cannot be read: "
                                    + unreadable.get())
                    .build();
        }
        return latest.isPresent()
                ? response.up().build()
                : response.down().withData("reason", "no poll completed yet").build();
    }
}
