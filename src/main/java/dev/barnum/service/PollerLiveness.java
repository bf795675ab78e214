package dev.barnum.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the poller works ({@link PollProgress}): down when a poll has run longer than a
 * working one can, or when the scheduler stopped starting polls; restarting the service is then
 * what helps. A sample:
 *
 * <pre>{@code
 * {"name": "poller", "status": "UP", "data": {"pollRunning": false,
 *   "lastPollStarted": "2026-12-01T10:00:30Z", "lastPollFinished": "2026-12-01T10:00:32.1Z",
 *   "pollIntervalSeconds": 30, "quietSeconds": 12, "limitSeconds": 90}}
 * }</pre>
 */
@Liveness
@ApplicationScoped
public class PollerLiveness implements HealthCheck {

    @Inject Poller poller;

    @Override
    public HealthCheckResponse call() {
        PollProgress.Verdict verdict = poller.progress().verdict();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("poller");
        verdict.data()
                .forEach(
                        (key, value) -> {
                            if (value instanceof Boolean b) {
                                response.withData(key, b);
                            } else if (value instanceof Long l) {
                                response.withData(key, l);
                            } else {
                                response.withData(key, String.valueOf(value));
                            }
                        });
        return response.status(verdict.live()).build();
    }
}
