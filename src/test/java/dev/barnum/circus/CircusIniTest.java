package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What circusd makes of a circus.ini, and what Barnum refuses to read of it: Barnum runs as root
 * and the home belongs to its user, so every file it reads there is treated as hostile.
 */
class CircusIniTest {

    @TempDir Path tmp;

    /** The user's circus home, as Homes names it. */
    private Path home;

    /** The host's folder in the home, where the main circus.ini is. */
    private Path dir;

    /** Beside the home: what its user must never get Barnum to read. */
    private Path outside;

    @BeforeEach
    void homes() throws IOException {
        home = Files.createDirectories(tmp.resolve("users/u/circus"));
        dir = Files.createDirectories(home.resolve("h"));
        outside = Files.createDirectories(tmp.resolve("root-only"));
    }

    private Path write(String name, String text) throws Exception {
        return write(dir.resolve(name), text);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Endpoint endpointOf(String mainText) throws Exception {
        return CircusIni.endpoint(write("circus.ini", mainText), home);
    }

    private void refused(String mainText, String message) throws Exception {
        Path main = write("circus.ini", mainText);
        assertThatThrownBy(() -> CircusIni.endpoint(main, home))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(message.replace("MAIN", main.toString()));
    }

    private static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
    }

    @Test
    void bothReferenceFormsExpandFromEnvAnyCase() throws Exception {
        Endpoint e =
                endpointOf(
                        "[circus]\nendpoint = tcp://$(Circus.Env.Host):((circus.env.PORT))\n"
                                + "[env]\nhost = h1\nPort = 7000\n");
        assertThat(e).isEqualTo(new Endpoint("tcp://h1:7000"));
        assertThat(e.resolved()).isTrue();
    }

    @Test
    void thePubsubEndpointIsReadUnderTheSameRulesWithCircusDefault() throws Exception {
        Path main =
                write(
                        "circus.ini",
                        "[circus]\npubsub_endpoint = tcp://127.0.0.1:$(circus.env.pub)\n[env]\npub = 6000\n");
        assertThat(CircusIni.endpoints(main, home))
                .isEqualTo(
                        new CircusEndpoints(
                                Endpoint.DEFAULT, new Endpoint("tcp://127.0.0.1:6000")));
        Path plain = write("circus.ini", "[circus]\nendpoint = tcp://127.0.0.1:7000\n");
        assertThat(CircusIni.endpoints(plain, home).pubsub())
                .isEqualTo(CircusEndpoints.DEFAULT_PUBSUB);
        refused(
                "[circus]\npubsub_endpoint = tcp://127.0.0.1:1\n  ; rm -rf /\n",
                "MAIN: pubsub_endpoint holds a control character (U+000A)");
    }

    @Test
    void variableMissingFromEnvStaysVerbatimAndUnresolved() throws Exception {
        Endpoint e =
                endpointOf(
                        "[circus]\nendpoint = ipc://((CIRCUS.ENV.HOME))/circus.sock\n[env]\nOTHER = 1\n");
        assertThat(e.value()).isEqualTo("ipc://((CIRCUS.ENV.HOME))/circus.sock");
        assertThat(e.resolved()).isFalse();
    }

    @Test
    void envInheritsDefaultKeysButOnlyWhenAnEnvSectionExists() throws Exception {
        String circus =
                "[DEFAULT]\nport = 7100\n[circus]\nendpoint = tcp://127.0.0.1:$(circus.env.port)\n";
        assertThat(endpointOf(circus + "[env]\n").value()).isEqualTo("tcp://127.0.0.1:7100");
        assertThat(endpointOf(circus).resolved()).isFalse();
    }

    @Test
    void otherCircusReferencesAreLeftAlone() throws Exception {
        assertThat(endpointOf("[circus]\nendpoint = tcp://h:$(circus.wid)\n").value())
                .isEqualTo("tcp://h:$(circus.wid)");
    }

    @Test
    void expansionIsOnePass() {
        assertThat(
                        CircusIni.expand(
                                "$(circus.env.a)", Map.of("circus.env.a", "$(circus.env.a)"), 100))
                .isEqualTo("$(circus.env.a)");
    }

    @Test
    void defaultSectionAloneDoesNotMakeACircusSection() throws Exception {
        assertThat(endpointOf("[DEFAULT]\nendpoint = tcp://127.0.0.1:1\n"))
                .isEqualTo(Endpoint.DEFAULT);
    }

    @Test
    void includesAreReadInSortedOrderAndTheFirstDefinitionWins() throws Exception {
        write("conf/b.ini", "[circus]\nendpoint = tcp://127.0.0.1:2\n");
        write("conf/a.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        assertThat(endpointOf("[circus]\ninclude = nothing/*.ini conf/*.ini\n").value())
                .isEqualTo("tcp://127.0.0.1:1");
    }

    @Test
    void includeComesBeforeIncludeDir() throws Exception {
        write("d/a.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        write("z.conf", "[circus]\nendpoint = tcp://127.0.0.1:2\n");
        assertThat(endpointOf("[circus]\ninclude_dir = d\ninclude = z.conf\n").value())
                .isEqualTo("tcp://127.0.0.1:2");
    }

    @Test
    void includeDirReadsOnlyVisibleIniFiles() throws Exception {
        write("d/.hidden.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        write("d/other.conf", "[circus]\nendpoint = tcp://127.0.0.1:2\n");
        write("d/x.ini", "[circus]\nendpoint = tcp://127.0.0.1:3\n");
        assertThat(endpointOf("[circus]\ninclude_dir = d missing\n").value())
                .isEqualTo("tcp://127.0.0.1:3");
    }

    @Test
    void includesOfIncludesAreNotFollowed() throws Exception {
        write("one.ini", "[circus]\ninclude = two.ini\n");
        write("two.ini", "[circus]\nendpoint = tcp://127.0.0.1:2\n");
        assertThat(endpointOf("[circus]\ninclude = one.ini\n")).isEqualTo(Endpoint.DEFAULT);
    }

    @Test
    void includeCanBeInheritedFromDefaultAndCanAddTheCircusSection() throws Exception {
        write("extra.ini", "[circus]\nendpoint = tcp://127.0.0.1:9\n");
        assertThat(endpointOf("[DEFAULT]\ninclude = extra.ini\n[circus]\n").value())
                .isEqualTo("tcp://127.0.0.1:9");
    }

    @Test
    void wildcardsWorkInFolderComponentsToo() throws Exception {
        write("users/u1/part.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        assertThat(endpointOf("[circus]\ninclude = us?rs/[!x]*/*.ini\n").value())
                .isEqualTo("tcp://127.0.0.1:1");
    }

    @Test
    void absoluteIncludePathsAreKept() throws Exception {
        Path extra = write("elsewhere/e.ini", "[circus]\nendpoint = tcp://127.0.0.1:4\n");
        assertThat(endpointOf("[circus]\ninclude = " + extra + "\n").value())
                .isEqualTo("tcp://127.0.0.1:4");
    }

    @Test
    void anIncludeWithoutSectionHeaderIsAnErrorNamingThatFile() throws Exception {
        Path bad = write("bad.ini", "\nendpoint = x\n");
        assertThatThrownBy(() -> endpointOf("[circus]\ninclude = bad.ini\n"))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(bad + ":2: no section header (circusd refuses this file)");
    }

    @Test
    void anIncludeThatIsAFolderIsSkipped() throws Exception {
        Files.createDirectories(dir.resolve("folder.ini"));
        assertThat(endpointOf("[circus]\ninclude = *.ini\nendpoint = ipc:///x\n").value())
                .isEqualTo("ipc:///x");
    }

    @Test
    void aPatternEndingInSlashReadsNothing() throws Exception {
        write("d/a.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        assertThat(endpointOf("[circus]\ninclude = d/ */\n")).isEqualTo(Endpoint.DEFAULT);
    }

    @Test
    void missingMainFileIsCircusIniException() {
        Path missing = dir.resolve("nope/circus.ini");
        assertThatThrownBy(() -> CircusIni.endpoint(missing, home))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(missing + ": cannot read: no such file");
    }

    @Test
    void aMainFileThatIsAFolderIsCircusIniException() {
        assertThatThrownBy(() -> CircusIni.endpoint(dir, home))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(dir + ": not a regular file");
    }

    @Test
    void notUtf8IsCircusIniException() throws Exception {
        Path file = dir.resolve("latin1.ini");
        Files.write(file, new byte[] {'[', 'c', ']', '\n', 'k', '=', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> CircusIni.endpoint(file, home))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(file + ": cannot read: not UTF-8 text");
    }

    // The home belongs to its user; Barnum reads it as root. Nothing outside the home, nothing but
    // regular files, and nothing unbounded.

    /** Files.readAllBytes on /dev/zero ran the poll out of memory. */
    @Test
    void anIncludeOfDevZeroIsRefusedAsOutsideTheHome() throws Exception {
        refused("[circus]\ninclude = /dev/zero\n", "MAIN: include /dev/zero is outside " + home);
    }

    /**
     * A root-only file's [env] used to be read, and its secret put into the endpoint (and the
     * remote argv).
     */
    @Test
    void aFileOutsideTheHomeNeverReachesTheEndpoint() throws Exception {
        Path secret = write(outside.resolve("secret.ini"), "[env]\nX = s3cret\n");
        String uses = "[circus]\nendpoint = tcp://$(circus.env.X):1\n";
        refused(
                uses + "include = " + secret + "\n",
                "MAIN: include " + secret + " is outside " + home);
        refused(
                uses + "include = ../../../../root-only/*.ini\n",
                "MAIN: include ../../../../root-only/*.ini is outside " + home);
        // inside as written (h/up/../../root-only is home/root-only), outside through a link: up/..
        // is /users
        Files.createSymbolicLink(dir.resolve("up"), home.getParent());
        refused(
                uses + "include = up/../../root-only/secret.ini\n",
                "MAIN: include up/../../root-only/secret.ini: "
                        + dir.resolve("up")
                        + " does not resolve to a path inside "
                        + home);
    }

    @Test
    void anIncludeThatIsASymlinkLeadingOutsideIsRefused() throws Exception {
        write(outside.resolve("secret.ini"), "[env]\nX = s3cret\n");
        Files.createSymbolicLink(dir.resolve("env.ini"), outside.resolve("secret.ini"));
        refused(
                "[circus]\nendpoint = tcp://$(circus.env.X):1\ninclude = *.ini\n",
                "MAIN: include *.ini: "
                        + dir.resolve("env.ini")
                        + " does not resolve to a path inside "
                        + home);
    }

    /** The glob never looks into a folder outside the home, so it cannot tell what is there. */
    @Test
    void aSymlinkedFolderLeadingOutsideIsRefusedBeforeAnythingInItIsLookedAt() throws Exception {
        write(outside.resolve("conf.d/secret.ini"), "[env]\nX = s3cret\n");
        Files.createSymbolicLink(dir.resolve("conf.d"), outside.resolve("conf.d"));
        Files.createSymbolicLink(dir.resolve("gone.d"), outside.resolve("no-such-folder"));
        String existing =
                "MAIN: include_dir conf.d: "
                        + dir.resolve("conf.d")
                        + " does not resolve to a path inside "
                        + home;
        refused("[circus]\ninclude_dir = conf.d\n", existing);
        refused(
                "[circus]\ninclude = conf.d/secret.ini\n",
                existing.replace("include_dir conf.d:", "include conf.d/secret.ini:"));
        // what lies outside exists or not: the answer is the same, so it cannot be probed
        refused(
                "[circus]\ninclude_dir = gone.d\n",
                "MAIN: include_dir gone.d: "
                        + dir.resolve("gone.d")
                        + " does not resolve to a path inside "
                        + home);
    }

    @Test
    void aMainFileThatIsASymlinkLeadingOutsideIsRefused() throws Exception {
        Path secret = write(outside.resolve("secret.ini"), "[circus]\nendpoint = tcp://s3cret:1\n");
        Path main = Files.createSymbolicLink(dir.resolve("circus.ini"), secret);
        assertThatThrownBy(() -> CircusIni.endpoint(main, home))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(main + ": does not resolve to a path inside " + home);
    }

    @Test
    void symlinksThatStayInsideTheHomeAreFollowed() throws Exception {
        write(home.resolve("shared/common.ini"), "[circus]\nendpoint = ipc:///run/u/circus.sock\n");
        Files.createSymbolicLink(dir.resolve("common.ini"), home.resolve("shared/common.ini"));
        assertThat(endpointOf("[circus]\ninclude = common.ini ../shared/*.ini\n").value())
                .isEqualTo("ipc:///run/u/circus.sock");
    }

    /** Opening a FIFO blocks until someone writes to it: the poll used to hang there for good. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        mkfifo(dir.resolve("pipe.ini"));
        refused("[circus]\ninclude = pipe.ini\n", dir.resolve("pipe.ini") + ": not a regular file");
        Path main = dir.resolve("circus.ini");
        Files.delete(main);
        mkfifo(main);
        assertThatThrownBy(() -> CircusIni.endpoint(main, home))
                .hasMessage(main + ": not a regular file");
    }

    /**
     * Listing a folder opens it, and the JDK opens it without O_DIRECTORY: a FIFO taken for a
     * folder blocked for good.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoTakenForAFolderIsNeverOpened() throws Exception {
        mkfifo(dir.resolve("pipe.d"));
        assertThat(
                        endpointOf(
                                        "[circus]\nendpoint = ipc:///x\ninclude_dir = pipe.d\ninclude = pipe.d/*.ini\n")
                                .value())
                .isEqualTo("ipc:///x");
    }

    @Test
    void eachFileIsAtMostOneMebibyte() throws Exception {
        Path exact = dir.resolve("exact.ini");
        write(
                exact,
                "[circus]\nendpoint = ipc:///x\n#" + "x".repeat(HomeFiles.FILE_LIMIT - 40) + "\n");
        try (RandomAccessFile pad = new RandomAccessFile(exact.toFile(), "rw")) {
            // pad with blank lines to exactly the limit
            long length = pad.length();
            pad.seek(length);
            pad.write(
                    "\n"
                            .repeat((int) (HomeFiles.FILE_LIMIT - length))
                            .getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(Files.size(exact)).isEqualTo(1_048_576);
        assertThat(endpointOf("[circus]\ninclude = exact.ini\n").value()).isEqualTo("ipc:///x");

        Files.writeString(exact, "\n", java.nio.file.StandardOpenOption.APPEND);
        refused("[circus]\ninclude = exact.ini\n", exact + ": larger than 1048576 bytes");
    }

    @Test
    void aHugeSparseFileIsRefusedWithoutBeingRead() throws Exception {
        Path huge = dir.resolve("huge.ini");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(64L << 30);
        }
        refused("[circus]\ninclude = huge.ini\n", huge + ": larger than 1048576 bytes");
    }

    @Test
    void theFilesOfOneCircusIniAreAtMostFourMebibytesTogether() throws Exception {
        String big = "[circus]\n#" + "x".repeat(900_000) + "\n";
        for (int i = 1; i <= 5; i++) {
            write("conf.d/" + i + ".ini", big);
        }
        refused(
                "[circus]\ninclude_dir = conf.d\n",
                dir.resolve("conf.d/5.ini")
                        + ": the files read for MAIN exceed 4194304 bytes together");
        Files.delete(dir.resolve("conf.d/5.ini"));
        assertThat(endpointOf("[circus]\ninclude_dir = conf.d\n")).isEqualTo(Endpoint.DEFAULT);
    }

    @Test
    void atMostSixtyFourFilesAreIncluded() throws Exception {
        for (int i = 1; i <= 64; i++) {
            write(String.format("conf.d/%02d.ini", i), "[circus]\n");
        }
        assertThat(endpointOf("[circus]\ninclude_dir = conf.d\n")).isEqualTo(Endpoint.DEFAULT);
        write("conf.d/65.ini", "[circus]\n");
        refused(
                "[circus]\ninclude_dir = conf.d\n",
                "MAIN: include and include_dir match more than 64 files");
    }

    /**
     * Each pattern costs look-ups in the file system, matching or not: a 1 MiB include line is half
     * a million patterns.
     */
    @Test
    void theLookUpsOfTheIncludePatternsAreBounded() throws Exception {
        String many =
                IntStream.range(0, 10_001).mapToObj(i -> "n" + i).collect(Collectors.joining(" "));
        Path main = write("circus.ini", "[circus]\ninclude = " + many + "\n");
        assertThatThrownBy(() -> CircusIni.endpoint(main, home))
                .isInstanceOf(CircusIniException.class)
                .hasMessageMatching(
                        java.util.regex.Pattern.quote(main + ": include n")
                                + "\\d+: more than 10000 look-ups in the file system");
        String fewer =
                IntStream.range(0, 1_000).mapToObj(i -> "n" + i).collect(Collectors.joining(" "));
        assertThat(endpointOf("[circus]\ninclude = " + fewer + "\n")).isEqualTo(Endpoint.DEFAULT);
    }

    /** 70 thousand references to a value of 1 MiB would be 70 GB of endpoint. */
    @Test
    void anEndpointIsAtMostOneKibibyteOnceExpanded() throws Exception {
        String value = "h".repeat(500);
        assertThat(
                        endpointOf(
                                        "[circus]\nendpoint = tcp://$(circus.env.X)$(circus.env.X)\n[env]\nX = "
                                                + value
                                                + "\n")
                                .value())
                .hasSize(1006);
        refused(
                "[circus]\nendpoint = tcp://$(circus.env.X)$(circus.env.X)$(circus.env.X)\n[env]\nX = "
                        + value
                        + "\n",
                "MAIN: endpoint longer than 1024 characters");
        write("env.ini", "[env]\nX = " + "h".repeat(900_000) + "\n");
        refused(
                "[circus]\ninclude = env.ini\nendpoint = "
                        + "$(circus.env.X)".repeat(60_000)
                        + "\n",
                "MAIN: endpoint longer than 1024 characters");
    }

    /**
     * The endpoint goes into the remote command line, where sshd refuses a NUL by dropping the
     * whole session.
     */
    @Test
    void anEndpointWithAControlCharacterIsRefused() throws Exception {
        refused(
                "[circus]\nendpoint = tcp://127.0.0.1:1\u0000\n",
                "MAIN: endpoint holds a control character (U+0000)");
        refused(
                "[circus]\nendpoint = tcp://127.0.0.1:1\n  ; rm -rf /\n",
                "MAIN: endpoint holds a control character (U+000A)");
        refused(
                "[circus]\nendpoint = tcp://$(circus.env.X):1\n[env]\nX = a\u001bb\n",
                "MAIN: endpoint holds a control character (U+001B)");
    }

    @Test
    void aHomeThatDoesNotExistIsCircusIniException() {
        Path nowhere = tmp.resolve("users/nobody/circus");
        assertThatThrownBy(() -> CircusIni.endpoint(nowhere.resolve("h/circus.ini"), nowhere))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(nowhere + ": cannot read the circus home: no such file");
    }
}
