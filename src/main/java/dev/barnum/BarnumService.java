package dev.barnum;

import dev.barnum.fleet.Fleet;
import dev.barnum.jmx.JmxConnector;
import dev.barnum.service.Poller;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * {@code barnum-cli serve}: checks the configuration, starts the MBeans, the JMX connector and
 * polling, and runs until stopped.
 */
@ApplicationScoped
public class BarnumService {

    private static final Logger LOG = Logger.getLogger(BarnumService.class);

    @Inject Fleet fleet;

    @Inject Poller poller;

    @Inject JmxConnector jmx;

    /**
     * @throws dev.barnum.config.BadInputException when the users file or a home is unreadable:
     *     nothing starts
     */
    public int serve() {
        int hosts = fleet.inventory().hosts().size();
        LOG.infof("Barnum serving a fleet of %d hosts", hosts);
        jmx.start();
        if (!jmx.url().isEmpty()) {
            LOG.infof("JMX connector on %s (loopback only)", jmx.url());
        }
        poller.start();
        Quarkus.waitForExit();
        return 0;
    }
}
