package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barnum.Outcomes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * A user's circus.ini and what it includes, in a real home beside a folder outside it whose every
 * value is a marker: the endpoint is a value or a one-line {@link CircusIniException}, nothing
 * else, and no value read outside the home ever reaches it (nor a message).
 */
class CircusIniPropertyTest {

    /** Every value of every file outside the home, and of the links leading out of it. */
    private static final String MARKER = "outside-secret";

    private static Path tmp;
    private static Path home;
    private static Path host;

    @BeforeContainer
    static void homes() throws Exception {
        tmp = Files.createTempDirectory("barnum-ini-property");
        home = Files.createDirectories(tmp.resolve("users/u/circus"));
        host = Files.createDirectories(home.resolve("h"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        String secret =
                "[circus]\nendpoint = tcp://"
                        + MARKER
                        + ":1\n[env]\nsecret = "
                        + MARKER
                        + "\nhost = "
                        + MARKER
                        + "\nport = "
                        + MARKER
                        + "\nX = "
                        + MARKER
                        + "\n";
        Files.writeString(outside.resolve("secret.ini"), secret);
        Files.writeString(Files.createDirectories(outside.resolve("dir")).resolve("a.ini"), secret);
        Files.writeString(
                Files.createDirectories(tmp.resolve("users/v/circus/h")).resolve("circus.ini"),
                secret);

        Files.writeString(
                Files.createDirectories(home.resolve("shared")).resolve("common.ini"),
                "[circus]\nendpoint = ipc:///run/u/common.sock\n");
        Files.writeString(
                Files.createDirectories(host.resolve("conf.d")).resolve("a.ini"),
                "[circus]\nendpoint = tcp://127.0.0.1:7001\n");
        Files.writeString(host.resolve("conf.d/b.ini"), "[env]\nport = 7002\nhost = 127.0.0.2\n");
        Files.writeString(host.resolve(".hidden.ini"), "[env]\nsecret = hidden\n");
        Files.writeString(host.resolve("\u00e9.ini"), "[env]\nx = \u00e9\n");
        Files.createSymbolicLink(host.resolve("link-in.ini"), home.resolve("shared/common.ini"));

        Path hostile = Files.createDirectories(host.resolve("hostile"));
        Process mkfifo =
                new ProcessBuilder("mkfifo", hostile.resolve("pipe.ini").toString())
                        .inheritIO()
                        .start();
        assertThat(mkfifo.waitFor()).isZero();
        try (RandomAccessFile big =
                new RandomAccessFile(hostile.resolve("big.ini").toFile(), "rw")) {
            big.setLength(2L << 20);
        }
        Files.createSymbolicLink(hostile.resolve("link-out.ini"), outside.resolve("secret.ini"));
        Files.createSymbolicLink(hostile.resolve("dangling.ini"), outside.resolve("missing.ini"));
        Files.createSymbolicLink(hostile.resolve("loop.ini"), hostile.resolve("loop.ini"));
        Files.createSymbolicLink(hostile.resolve("dir-out"), outside.resolve("dir"));
        Files.createSymbolicLink(hostile.resolve("zero"), Path.of("/dev/zero"));
    }

    @Property(tries = 10000)
    void anEndpointOrAOneLineRefusalAndNothingFromOutside(
            @ForAll("mainText") String main, @ForAll("includedText") String extra)
            throws IOException {
        String outside = tmp.resolve("outside").toString();
        Path ini =
                Files.writeString(
                        host.resolve("circus.ini"), main.replace(IniGenerators.OUTSIDE, outside));
        Files.writeString(host.resolve("extra.ini"), extra.replace(IniGenerators.OUTSIDE, outside));
        Endpoint endpoint;
        try {
            endpoint = CircusIni.endpoint(ini, home);
        } catch (CircusIniException e) {
            Outcomes.oneLine(e);
            assertThat(e.getMessage()).doesNotContain(MARKER);
            Statistics.label("outcome").collect("refused: " + why(e.getMessage()));
            return;
        }
        assertThat(endpoint.value())
                .doesNotContain(MARKER)
                .hasSizeLessThanOrEqualTo(CircusIni.ENDPOINT_LIMIT);
        Statistics.label("outcome")
                .collect(
                        endpoint.equals(Endpoint.DEFAULT)
                                ? "default endpoint"
                                : endpoint.resolved() ? "endpoint" : "unresolved endpoint");
    }

    /** The kind of refusal, for the statistics: the message without its paths. */
    private static String why(String message) {
        for (String kind :
                List.of(
                        "is outside",
                        "does not resolve",
                        "not a regular file",
                        "larger than",
                        "no section header",
                        "match more than",
                        "look-ups",
                        "not UTF-8",
                        "longer than",
                        "control character")) {
            if (message.contains(kind)) {
                return kind;
            }
        }
        return message;
    }

    @Provide
    Arbitrary<String> mainText() {
        return IniGenerators.text(IniGenerators.patterns());
    }

    /** An included file: its own include lines are ordinary keys (circus reads one level). */
    @Provide
    Arbitrary<String> includedText() {
        return IniGenerators.text(IniGenerators.patterns());
    }

    @AfterContainer
    static void remove() throws IOException {
        try (Stream<Path> paths = Files.walk(tmp)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
