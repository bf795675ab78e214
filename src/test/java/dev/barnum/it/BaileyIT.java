package dev.barnum.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.remote.ShellQuote;
import dev.barnum.report.BarnumSchema;
import dev.barnum.testfleet.SeedFleetResource;
import dev.barnum.testfleet.SeedReport;
import dev.barnum.testfleet.TestFleet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code barnum-cli bailey} on a host itself, as the original bailey ran: the packaged Barnum is
 * started over ssh on host1 (its own hostname, systemctl and circusctl) and reads the shared homes.
 */
@Timeout(120)
class BaileyIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

    private static TestFleet.SshResult bailey(TestFleet fleet, String... args) {
        List<String> argv = new ArrayList<>(List.of("java"));
        for (Map.Entry<String, String> entry : fleet.barnumConfig().entrySet()) {
            argv.add("-D" + entry.getKey() + "=" + entry.getValue());
        }
        argv.addAll(List.of("-jar", JAR.toString(), "bailey"));
        argv.addAll(List.of(args));
        return fleet.ssh("host1", ShellQuote.join(argv));
    }

    @Test
    void baileyReportsTheCurrentHost() {
        TestFleet fleet = SeedFleetResource.fleet();
        TestFleet.SshResult result = bailey(fleet, "--verbose");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        // host1's part of the seed report, under the host's name as it is, as bailey prints it
        assertThat(result.out())
                .isEqualTo(
                        SeedReport.section(fleet, "host1")
                                .replace("--- HOST1 ---", "--- host1 ---"));
        assertThat(result.stderr())
                .contains(
                        "bailey: Derived circus user user1 from /etc/systemd/system/circus_user1_host1.service\n",
                        "bailey: circus cmd: circusctl --endpoint tcp://host1:5775 --timeout 1 --json status\n");
    }

    @Test
    void baileyWithAUserShowsThatUsersCircus() {
        TestFleet.SshResult result = bailey(SeedFleetResource.fleet(), "user1", "--verbose");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.out()).isEqualTo("--- user1@host1 ---\nwatcher1: active\n");
    }

    @Test
    void baileyPrintsTheFleetViewOfItsHostInJson() {
        TestFleet.SshResult result = bailey(SeedFleetResource.fleet(), "--output", "json");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        com.fasterxml.jackson.databind.JsonNode hosts =
                BarnumSchema.assertValid("fleet", result.out()).path("hosts");
        assertThat(hosts.findValuesAsText("host")).containsExactly("host1");
        assertThat(hosts.get(0).path("units").findValuesAsText("user"))
                .containsExactly("user1", "user2");
        assertThat(hosts.get(0).path("circusTransport").asText()).isEqualTo("circusctl");
    }

    @Test
    void baileyPassesCircusArgumentsThrough() {
        TestFleet.SshResult result = bailey(SeedFleetResource.fleet(), "user1", "--", "stats");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.out()).startsWith("--- user1@host1 ---\nworkers:\n");
    }

    @Test
    void baileyDryRunExecutesNothing() {
        TestFleet fleet = SeedFleetResource.fleet();
        fleet.clearCalls();
        TestFleet.SshResult result = bailey(fleet, "--dry-run");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains(
                        "DRY RUN; would execute: systemctl list-unit-files --no-legend --no-pager --type=service "
                                + "'circus_*_host1.service'");
        assertThat(fleet.calls("host1")).isEmpty();
    }

    @Test
    void baileyRefusesAUserWithoutCircusHere() {
        TestFleet fleet = SeedFleetResource.fleet();
        TestFleet.SshResult result = bailey(fleet, "user9");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .isEqualTo(
                        "barnum-cli: no circus for user9@host1: "
                                + fleet.circusIni("user9", "host1")
                                + " does not exist\n");
    }
}
