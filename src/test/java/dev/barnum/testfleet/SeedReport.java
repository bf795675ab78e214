package dev.barnum.testfleet;

import java.nio.charset.StandardCharsets;

/**
 * The seed fleet's whole report, as {@code barnum-cli --verbose} prints it on stdout: the one copy
 * is {@code golden/seed-fleet-report.txt} (test classpath). What depends on the running fleet is
 * written there as {@code @KNOWN_HOSTS@} (its known_hosts file), {@code @HOST5_PORT@} (host5's SSH
 * port) and {@code @HOMES@} (the folder of the users' homes: {@code /users} with Barnum's default
 * {@code barnum.homes}).
 */
public final class SeedReport {

    private static final String GOLDEN = "golden/seed-fleet-report.txt";

    private SeedReport() {}

    /** The golden file as it is, placeholders and all. */
    public static String golden() {
        return new String(CircusctlCase.resource(GOLDEN), StandardCharsets.UTF_8);
    }

    /** The report of this running seed fleet. */
    public static String of(TestFleet fleet) {
        return golden().replace("@KNOWN_HOSTS@", fleet.knownHosts().toString())
                .replace("@HOST5_PORT@", Integer.toString(fleet.port(SeedFleet.HOST5)))
                .replace("@HOMES@", fleet.homesTemplate().replace("/{user}/circus", ""));
    }

    /**
     * One host's part of the report of this running seed fleet, from its {@code --- HOST1 ---} line
     * to the blank line after its {@code ===} line.
     */
    public static String section(TestFleet fleet, String host) {
        String report = of(fleet);
        String header = "--- " + host.toUpperCase(java.util.Locale.ROOT) + " ---\n";
        int start = report.indexOf(header);
        if (start < 0) {
            throw new IllegalArgumentException("no " + host + " in " + GOLDEN);
        }
        String end = "=".repeat(80) + "\n\n";
        return report.substring(start, report.indexOf(end, start) + end.length());
    }
}
