package dev.barnum;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The production default of a one-off command: HTTP off (the test profile turns it on
 * for @QuarkusTest).
 */
public class CliProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.host-enabled", "false");
    }
}
