package dev.barnum;

import jakarta.inject.Inject;

import dev.barnum.cli.Cli;
import dev.barnum.fleet.Fleet;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/** {@code barnum-cli}: one-off commands run and exit. */
@QuarkusMain
public class BarnumMain implements QuarkusApplication {

    @Inject
    Fleet fleet;

    public static void main(String... args) {
        Quarkus.run(BarnumMain.class, args);
    }

    @Override
    public int run(String... args) {
        return Cli.execute(fleet, System.out, System.err, args);
    }
}
