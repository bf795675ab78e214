package dev.barnum.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.barnum.fleet.Fleet;
import io.quarkus.runtime.Quarkus;

/** {@code barnum-cli serve}: checks the configuration, starts polling, and runs until stopped. */
@ApplicationScoped
public class BarnumService {

    private static final Logger LOG = Logger.getLogger(BarnumService.class);

    @Inject
    Fleet fleet;

    @Inject
    Poller poller;

    /**
     * @throws dev.barnum.config.BadInputException when the users file or a home is unreadable: nothing starts
     */
    public int serve() {
        int hosts = fleet.inventory().hosts().size();
        LOG.infof("Barnum serving a fleet of %d hosts", hosts);
        poller.start();
        Quarkus.waitForExit();
        return 0;
    }
}
