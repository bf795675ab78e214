package dev.barnum;

import dev.barnum.config.BarnumConfig;
import dev.barnum.fleet.Fleet;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Barnum's real configuration mapping, filled from a map: the same defaults, Quarkus's duration
 * format and validation as in production, without booting Quarkus.
 */
public final class TestConfig {

    private TestConfig() {}

    public static BarnumConfig barnum(Map<String, String> properties) {
        SmallRyeConfig config =
                new SmallRyeConfigBuilder()
                        .addDefaultInterceptors()
                        .addSystemSources()
                        .withSources(new PropertiesConfigSource(properties, "test", 500))
                        .withConverter(Duration.class, 200, new DurationConverter())
                        .withMapping(BarnumConfig.class)
                        .build();
        return config.getConfigMapping(BarnumConfig.class);
    }

    public static Fleet fleet(Map<String, String> properties) {
        return new Fleet(barnum(properties), Clock.systemUTC());
    }
}
