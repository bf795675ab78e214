package dev.barnum.service;

import dev.barnum.state.FleetSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Logs what changed in the fleet at each published snapshot ({@link Transitions}), on the logger
 * {@code barnum.fleet}: one line per change, none while nothing changes.
 */
@ApplicationScoped
public class TransitionLog {

    private static final Logger LOG = Logger.getLogger("barnum.fleet");

    private Optional<FleetSnapshot> previous = Optional.empty();

    synchronized void on(@Observes FleetSnapshot snapshot) {
        for (Transitions.Line line : Transitions.between(previous, snapshot)) {
            if (line.warning()) {
                LOG.warn(line.text());
            } else {
                LOG.info(line.text());
            }
        }
        previous = Optional.of(snapshot);
    }
}
