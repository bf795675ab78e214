package dev.barnum;

import dev.barnum.config.BadInputException;
import dev.barnum.config.ConfigCheck;
import dev.barnum.fleet.Fleet;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * {@code serve} checks its whole configuration before Quarkus opens the HTTP port (which it does
 * only after every start-up observer has run): values that cannot work, the SSH files, the users
 * file and the homes, {@code quarkus.http.port}. Any problem: one line each on stderr, exit status
 * 2, nothing started, no port bound.
 */
@ApplicationScoped
public class ServeCheck {

    /** Exit status of bad input, as the CLI's. */
    static final int BAD_INPUT = 2;

    /**
     * Set by {@link BarnumMain#main} for {@code serve} alone: one-off commands and tests are not
     * checked here.
     */
    static volatile boolean serving;

    @Inject Fleet fleet;

    @Inject Config config;

    void beforeListening(@Observes StartupEvent event) {
        if (!serving) {
            return;
        }
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            PrintStream err = System.err;
            problems.forEach(problem -> err.println("barnum-cli: " + problem));
            err.flush();
            // nothing has started yet (no session, no port); a normal exit would run Quarkus's
            // shutdown
            // from inside its own start-up
            Runtime.getRuntime().halt(BAD_INPUT);
        }
    }

    /**
     * @return one line per problem of the configuration; empty when serve can start
     */
    List<String> problems() {
        List<String> problems = new ArrayList<>(fleet.check(true));
        try {
            fleet.inventory();
        } catch (BadInputException e) {
            problems.add(e.getMessage());
        }
        Optional<String> port = config.getOptionalValue("quarkus.http.port", String.class);
        if (port.isPresent()) {
            try {
                ConfigCheck.port(
                        problems, "quarkus.http.port", Integer.parseInt(port.get().strip()), 0);
            } catch (NumberFormatException e) {
                problems.add("quarkus.http.port=" + port.get() + ": not a TCP port (0-65535)");
            }
        }
        return problems;
    }
}
