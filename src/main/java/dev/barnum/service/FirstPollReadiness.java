package dev.barnum.service;

import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.SnapshotStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the first poll has completed (before that, every surface would show an empty fleet),
 * and while the last poll could read the fleet's configuration: when the users file or a home
 * cannot be read, polls stop and every surface shows an older fleet, so the service says so.
 */
@Readiness
@ApplicationScoped
public class FirstPollReadiness implements HealthCheck {

    @Inject SnapshotStore store;

    @Inject Poller poller;

    @Override
    public HealthCheckResponse call() {
        Optional<FleetSnapshot> latest = store.latest();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("fleet-snapshot");
        latest.ifPresent(
                s ->
                        response.withData("polledAt", s.at().toString())
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
