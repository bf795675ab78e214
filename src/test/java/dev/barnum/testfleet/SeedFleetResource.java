package dev.barnum.testfleet;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the {@link SeedFleet} once per JVM and hands Barnum its configuration:
 * {@code @WithTestResource(SeedFleetResource.class)} (or {@code @QuarkusTestResource}) on a
 * {@code @QuarkusTest}. The fleet is shared by every test class of the JVM, survives {@link
 * #stop()} and is closed by a shutdown hook. Assert on it through {@link #fleet()}, a {@link
 * TestFleet#shared() shared} handle: a test changes it only within {@link TestFleet#changes()},
 * which puts back what it changed, so that no test class depends on another's leftovers.
 *
 * <p>Quarkus may load this class in more than one class loader; the fleet is found again through
 * the system property {@value #ROOT_PROPERTY} (its root), so every loader sees the same hosts.
 */
public class SeedFleetResource implements QuarkusTestResourceLifecycleManager {

    /** System property holding the root of the JVM's seed fleet. */
    public static final String ROOT_PROPERTY = "barnum-testfleet.seed-root";

    private static TestFleet fleet;

    /** The JVM's seed fleet, started on first use, as its tests share it. */
    public static TestFleet fleet() {
        synchronized (System.getProperties()) {
            if (fleet != null) {
                return fleet;
            }
            String root = System.getProperty(ROOT_PROPERTY);
            if (root != null && Files.exists(Path.of(root, "fleet.properties"))) {
                fleet = TestFleet.attach(Path.of(root)).shared();
                return fleet;
            }
            TestFleet started = SeedFleet.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "seed-fleet-close"));
            System.setProperty(ROOT_PROPERTY, started.root().toString());
            fleet = started.shared();
            return fleet;
        }
    }

    @Override
    public Map<String, String> start() {
        return fleet().barnumConfig();
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM: closed by the shutdown hook
    }
}
