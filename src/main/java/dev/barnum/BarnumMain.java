package dev.barnum;

import dev.barnum.cli.Cli;
import dev.barnum.commands.CommandPolicy;
import dev.barnum.config.BarnumConfig;
import dev.barnum.fleet.Fleet;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * {@code barnum-cli}: one-off commands run and exit, binding no port; {@code serve} runs the
 * service, with HTTP on and logging at INFO unless configured otherwise.
 */
@QuarkusMain
public class BarnumMain implements QuarkusApplication {

    @Inject Fleet fleet;

    @Inject BarnumService service;

    @Inject BarnumConfig config;

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("serve")) {
            ServeCheck.serving =
                    java.util.Arrays.stream(args)
                            .noneMatch(a -> a.matches("-h|--help|-V|--version"));
            defaultProperty("quarkus.http.host-enabled", "true");
            defaultProperty("quarkus.log.level", "INFO");
        }
        Quarkus.run(BarnumMain.class, args);
    }

    private static void defaultProperty(String key, String value) {
        String env = key.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_");
        if (System.getProperty(key) == null && System.getenv(env) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public int run(String... args) {
        return Cli.execute(
                fleet,
                new CommandPolicy(config.commands().allowed()),
                service::serve,
                System.out,
                System.err,
                dev.barnum.cli.Terminal.stderr(),
                args);
    }
}
