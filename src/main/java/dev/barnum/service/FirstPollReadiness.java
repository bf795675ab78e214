package dev.barnum.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the first poll has completed: before that, every surface would show an empty fleet. */
@Readiness
@ApplicationScoped
public class FirstPollReadiness implements HealthCheck {

    @Inject
    SnapshotStore store;

    @Override
    public HealthCheckResponse call() {
        return store.latest()
                .map(s -> HealthCheckResponse.named("fleet-snapshot").up().withData("polledAt", s.at().toString())
                        .withData("hosts", s.hosts().size()).build())
                .orElseGet(() -> HealthCheckResponse.named("fleet-snapshot").down().withData("reason", "no poll completed yet")
                        .build());
    }
}
