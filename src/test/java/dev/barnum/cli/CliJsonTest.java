package dev.barnum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barnum.report.BarnumSchema;
import dev.barnum.testfleet.SeedReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code barnum-cli --output json} over the seed fleet (see CliTest): each report, a passthrough
 * command, a dry run and the refusals, every document validated against {@code
 * schema/barnum.schema.json}, the schema the REST API's answers are held to (ApiSchemaTest).
 */
@Tag("fleet") // real sshds or servers: runs in verify
@Timeout(60)
class CliJsonTest extends SeedFleetCli {

    /** One JSON document, on one line, valid against {@code def}. */
    private static JsonNode document(CliRun run, String def) {
        assertThat(run.out().lines()).as(run.out()).hasSize(1);
        assertThat(run.out()).endsWith("\n");
        return BarnumSchema.assertValid(def, run.out());
    }

    @Test
    void theWholeFleetIsTheRestApisFleetView() {
        CliRun run = run("--output", "json");
        assertThat(run.exit()).as("host4 and host5 could not be reached").isEqualTo(1);
        assertThat(run.err()).isEmpty();
        JsonNode fleetView = document(run, "fleet");
        assertThat(fleetView.path("hosts").findValuesAsText("host"))
                .containsExactly("host1", "host2", "host3", "host4", "host5");
        JsonNode host1 = fleetView.path("hosts").get(0);
        assertThat(host1.path("up").asBoolean()).isTrue();
        assertThat(host1.path("lastSuccess").isTextual()).isTrue();
        assertThat(
                        host1.path("units")
                                .get(0)
                                .path("circus")
                                .path("watchers")
                                .path("watcher1")
                                .asText())
                .isEqualTo("active");
        assertThat(host1.path("units").get(1).path("circus").path("status").asText())
                .isEqualTo("not_expected");
        assertThat(fleetView.path("hosts").get(3).path("failureReason").asText())
                .isEqualTo("refused");
        assertThat(fleetView.path("hosts").get(4).path("failureReason").asText())
                .isEqualTo("hostkey");
        assertThat(
                        fleetView
                                .path("hosts")
                                .get(2)
                                .path("units")
                                .get(1)
                                .path("circus")
                                .path("status")
                                .asText())
                .isEqualTo("not_answering");
    }

    @Test
    void verboseStepsStayOnStderr() {
        CliRun run = run("host1", "--verbose", "-o", "json");
        document(run, "fleet");
        assertThat(run.err())
                .startsWith("barnum: Circus is configured on the following hosts: host1\n");
    }

    @Test
    void theTextReportIsTheDefaultAndUnchanged() {
        assertThat(run("--output", "text").out()).isEqualTo(SeedReport.of(fleet));
        assertThat(run("--output=TEXT").out()).isEqualTo(run().out());
    }

    @Test
    void aHostIsTheFleetViewOfThatHost() {
        CliRun run = run("host1", "-o", "json");
        assertThat(run.exit()).isZero();
        JsonNode hosts = document(run, "fleet").path("hosts");
        assertThat(hosts.findValuesAsText("host")).containsExactly("host1");
        assertThat(hosts.get(0).path("units").findValuesAsText("user"))
                .containsExactly("user1", "user2");
        BarnumSchema.assertValid("host", hosts.get(0).toString());
        assertThat(fleet.calls("host2")).isEmpty();
    }

    @Test
    void aUserOnAHostIsThatUnitAlone() {
        CliRun run = run("user1@host1", "--output=json");
        assertThat(run.exit()).isZero();
        JsonNode units = document(run, "fleet").path("hosts").get(0).path("units");
        assertThat(units).hasSize(1);
        assertThat(units.get(0).path("unit").asText()).isEqualTo("circus_user1_host1.service");
        assertThat(units.get(0).path("circus").path("endpoint").asText())
                .isEqualTo("tcp://host1:5775");
    }

    @Test
    void baileysArgumentsMayAskForJsonToo() {
        CliRun run = run("host1", "--", "user1", "--output", "json");
        assertThat(run.exit()).isZero();
        assertThat(document(run, "fleet").path("hosts").get(0).path("units")).hasSize(1);
    }

    @Test
    void aPassthroughCommandGivesCircusctlsOutputVerbatimPerPair() throws IOException {
        CliRun run = run("user1@host1", "--output", "json", "--", "--", "stats");
        assertThat(run.exit()).isZero();
        JsonNode results = document(run, "commandResults");
        assertThat(results).hasSize(1);
        JsonNode result = results.get(0);
        assertThat(result.path("host").asText()).isEqualTo("host1");
        assertThat(result.path("user").asText()).isEqualTo("user1");
        assertThat(result.path("outcome").asText()).isEqualTo("OK");
        assertThat(result.path("exitStatus").asInt()).isZero();
        assertThat(result.path("stdout").asText())
                .isEqualTo(
                        Files.readString(
                                Path.of("src/test/resources/fixtures/circusctl/stats-one.txt")));
        assertThat(result.path("argv").toString())
                .isEqualTo(
                        "[\"circusctl\",\"--endpoint\",\"tcp://host1:5775\",\"--timeout\",\"1\",\"stats\"]");
    }

    @Test
    void aPassthroughCommandSaysWhereItDidNotRunAndWhy() {
        CliRun run = run("host3", "-o", "json", "--", "--", "numwatchers");
        assertThat(run.exit()).as("user2's circusd did not answer").isEqualTo(1);
        JsonNode results = document(run, "commandResults");
        assertThat(results.findValuesAsText("user")).containsExactly("user1", "user2", "user5");
        assertThat(results.findValuesAsText("outcome")).containsExactly("OK", "TIMEOUT", "SKIPPED");
        assertThat(results.get(0).path("stdout").asText()).isEqualTo("5\n");
        assertThat(results.get(1).path("message").asText())
                .isEqualTo("circusd did not answer at tcp://127.0.0.1:5599");
        assertThat(results.get(2).path("message").asText())
                .isEqualTo("circus_user5_host3.service is not running");

        CliRun unreachable = run("host4", "-o", "json", "--", "--", "stats");
        assertThat(unreachable.exit()).isEqualTo(1);
        JsonNode host4 = document(unreachable, "commandResults").get(0);
        assertThat(host4.path("user").isNull()).isTrue();
        assertThat(host4.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(host4.path("message").asText()).isEqualTo("host4: Connection refused");
    }

    @Test
    void aDryRunIsTheRestApisDryRunAndExecutesNothing() {
        CliRun run = run("--dry-run", "--output", "json", "--", "--", "restart", "web");
        assertThat(run.exit()).isZero();
        JsonNode results = document(run, "commandResults");
        assertThat(results.findValuesAsText("outcome")).containsOnly("DRY_RUN");
        JsonNode user2host5 = null;
        for (JsonNode result : results) {
            if (result.path("host").asText().equals("host5")
                    && result.path("user").asText().equals("user2")) {
                user2host5 = result;
            }
        }
        assertThat(user2host5).isNotNull();
        assertThat(user2host5.path("argv").toString())
                .isEqualTo(
                        "[\"circusctl\",\"--endpoint\",\"tcp://host5:5775\",\"--timeout\",\"1\",\"restart\",\"web\"]");
        assertThat(user2host5.path("message").asText())
                .isEqualTo(
                        "would execute, if user2's unit is running: ssh -q host5 circusctl --endpoint tcp://host5:5775 --timeout 1 restart web");
        assertNothingExecuted();
    }

    @Test
    void badInputIsStillOneLineOnStderrExit2AndAnErrorDocumentOnStdout() {
        CliRun run = run("host9", "--output", "json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("barnum-cli: unknown host 'host9': ");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(document(run, "error").path("error").asText())
                .isEqualTo(run.err().strip().substring("barnum-cli: ".length()));
        assertNothingExecuted();

        CliRun policy = run("user1@host1", "-o", "json", "--", "--", "quit");
        assertThat(policy.exit()).isEqualTo(2);
        assertThat(document(policy, "error").path("error").asText())
                .startsWith("circus command 'quit' is not allowed");

        CliRun option = run("--bogus", "--output", "json");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).isEqualTo("barnum-cli: Unknown option: '--bogus' (see --help)\n");
        assertThat(document(option, "error").path("error").asText())
                .isEqualTo("Unknown option: '--bogus' (see --help)");
        assertNothingExecuted();
    }

    @Test
    void anUnknownFormatIsRefusedInText() {
        CliRun run = run("host1", "--output", "yaml");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("--output")
                .contains("yaml");
        assertNothingExecuted();
    }
}
