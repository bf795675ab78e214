package dev.barnum.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.service.Poller;
import dev.barnum.testfleet.SeedFleetResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's REST recipe, followed literally: its {@code export} lines run in a real shell make
 * the users (hashed as the README says), and the credentials of its {@code curl} lines get in with
 * the roles it promises. If the document and the configuration drift apart, this fails.
 */
@Tag("fleet") // real sshds or servers: runs in verify
@QuarkusTest
@TestProfile(ReadmeUsersTest.ReadmeUsers.class)
@WithTestResource(SeedFleetResource.class)
class ReadmeUsersTest {

    private static final Path README = Path.of("README.md");

    @Inject Poller poller;

    /**
     * The configuration the README's exports produce, with nothing of the test profile's own users.
     */
    public static class ReadmeUsers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new LinkedHashMap<>(exports());
            config.put("quarkus.security.users.embedded.plain-text", "false");
            // the test profile's plain-text users would not parse as hashes: give them passwords
            // nobody knows
            for (String user : List.of("viola", "otto")) {
                config.put(
                        "quarkus.security.users.embedded.users." + user,
                        sha512Hex(user + ":Quarkus:" + java.util.UUID.randomUUID()));
            }
            return config;
        }
    }

    @Test
    void theReadmesUsersGetInWithTheirRoles() {
        Map<String, String> credentials = curlCredentials();
        assertThat(credentials).containsOnlyKeys("vera", "alice");
        poller.pollOnce();
        given().auth()
                .preemptive()
                .basic("vera", credentials.get("vera"))
                .get("/api/v1/fleet")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic("alice", credentials.get("alice"))
                .get("/api/v1/fleet")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic("vera", credentials.get("vera"))
                .contentType(ContentType.JSON)
                .body(Map.of("target", "user1@host1", "args", List.of("status"), "dryRun", true))
                .post("/api/v1/commands")
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic("alice", credentials.get("alice"))
                .contentType(ContentType.JSON)
                .body(Map.of("target", "user1@host1", "args", List.of("status"), "dryRun", true))
                .post("/api/v1/commands")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic("alice", credentials.get("alice") + "x")
                .get("/api/v1/fleet")
                .then()
                .statusCode(401);
        // the test profile's own users are not configured here
        given().auth()
                .preemptive()
                .basic("viola", "viola-secret")
                .get("/api/v1/fleet")
                .then()
                .statusCode(401);
    }

    private static String sha512Hex(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-512")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs the README's block of {@code export QUARKUS_SECURITY_...} lines in sh; the variables it
     * sets, as config keys.
     */
    static Map<String, String> exports() {
        String block =
                shellBlocks().stream()
                        .filter(b -> b.contains("export QUARKUS_SECURITY_USERS_EMBEDDED_USERS_"))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "README.md has no block exporting QUARKUS_SECURITY_USERS_EMBEDDED_USERS_*"));
        try {
            Process sh =
                    new ProcessBuilder("sh", "-c", block + "\nenv")
                            .redirectErrorStream(true)
                            .start();
            String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sh.exitValue()).as(out).isZero();
            Map<String, String> config = new LinkedHashMap<>();
            out.lines()
                    .filter(l -> l.startsWith("QUARKUS_SECURITY_USERS_EMBEDDED_"))
                    .forEach(
                            l -> {
                                int eq = l.indexOf('=');
                                config.put(
                                        l.substring(0, eq)
                                                .toLowerCase(Locale.ROOT)
                                                .replace('_', '.'),
                                        l.substring(eq + 1));
                            });
            return config;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * {@code name -> password} of every {@code curl -u name:password} in the README's shell blocks.
     */
    static Map<String, String> curlCredentials() {
        Map<String, String> credentials = new LinkedHashMap<>();
        Matcher m =
                Pattern.compile("curl -u ([a-z]+):(\\S+)")
                        .matcher(String.join("\n", shellBlocks()));
        while (m.find()) {
            credentials.put(m.group(1), m.group(2));
        }
        return credentials;
    }

    private static List<String> shellBlocks() {
        try {
            Matcher m =
                    Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL)
                            .matcher(Files.readString(README));
            List<String> blocks = new java.util.ArrayList<>();
            while (m.find()) {
                blocks.add(m.group(1));
            }
            return blocks;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
