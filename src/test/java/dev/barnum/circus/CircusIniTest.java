package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CircusIniTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Endpoint endpointOf(String mainText) throws Exception {
        return CircusIni.endpoint(write("circus.ini", mainText));
    }

    @Test
    void bothReferenceFormsExpandFromEnvAnyCase() throws Exception {
        Endpoint e = endpointOf("[circus]\nendpoint = tcp://$(Circus.Env.Host):((circus.env.PORT))\n"
                + "[env]\nhost = h1\nPort = 7000\n");
        assertThat(e).isEqualTo(new Endpoint("tcp://h1:7000"));
        assertThat(e.resolved()).isTrue();
    }

    @Test
    void variableMissingFromEnvStaysVerbatimAndUnresolved() throws Exception {
        Endpoint e = endpointOf("[circus]\nendpoint = ipc://((CIRCUS.ENV.HOME))/circus.sock\n[env]\nOTHER = 1\n");
        assertThat(e.value()).isEqualTo("ipc://((CIRCUS.ENV.HOME))/circus.sock");
        assertThat(e.resolved()).isFalse();
    }

    @Test
    void envInheritsDefaultKeysButOnlyWhenAnEnvSectionExists() throws Exception {
        String circus = "[DEFAULT]\nport = 7100\n[circus]\nendpoint = tcp://127.0.0.1:$(circus.env.port)\n";
        assertThat(endpointOf(circus + "[env]\n").value()).isEqualTo("tcp://127.0.0.1:7100");
        assertThat(endpointOf(circus).resolved()).isFalse();
    }

    @Test
    void otherCircusReferencesAreLeftAlone() throws Exception {
        assertThat(endpointOf("[circus]\nendpoint = tcp://h:$(circus.wid)\n").value()).isEqualTo("tcp://h:$(circus.wid)");
    }

    @Test
    void expansionIsOnePass() {
        assertThat(CircusIni.expand("$(circus.env.a)", Map.of("circus.env.a", "$(circus.env.a)")))
                .isEqualTo("$(circus.env.a)");
    }

    @Test
    void defaultSectionAloneDoesNotMakeACircusSection() throws Exception {
        assertThat(endpointOf("[DEFAULT]\nendpoint = tcp://127.0.0.1:1\n")).isEqualTo(Endpoint.DEFAULT);
    }

    @Test
    void includesAreReadInSortedOrderAndTheFirstDefinitionWins() throws Exception {
        write("conf/b.ini", "[circus]\nendpoint = tcp://127.0.0.1:2\n");
        write("conf/a.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        assertThat(endpointOf("[circus]\ninclude = nothing/*.ini conf/*.ini\n").value()).isEqualTo("tcp://127.0.0.1:1");
    }

    @Test
    void includeComesBeforeIncludeDir() throws Exception {
        write("d/a.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        write("z.conf", "[circus]\nendpoint = tcp://127.0.0.1:2\n");
        assertThat(endpointOf("[circus]\ninclude_dir = d\ninclude = z.conf\n").value()).isEqualTo("tcp://127.0.0.1:2");
    }

    @Test
    void includeDirReadsOnlyVisibleIniFiles() throws Exception {
        write("d/.hidden.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        write("d/other.conf", "[circus]\nendpoint = tcp://127.0.0.1:2\n");
        write("d/x.ini", "[circus]\nendpoint = tcp://127.0.0.1:3\n");
        assertThat(endpointOf("[circus]\ninclude_dir = d missing\n").value()).isEqualTo("tcp://127.0.0.1:3");
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
        assertThat(endpointOf("[DEFAULT]\ninclude = extra.ini\n[circus]\n").value()).isEqualTo("tcp://127.0.0.1:9");
    }

    @Test
    void wildcardsWorkInFolderComponentsToo() throws Exception {
        write("users/u1/part.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        assertThat(endpointOf("[circus]\ninclude = us?rs/[!x]*/*.ini\n").value()).isEqualTo("tcp://127.0.0.1:1");
    }

    @Test
    void absoluteIncludePathsAreKept() throws Exception {
        Path extra = write("elsewhere/e.ini", "[circus]\nendpoint = tcp://127.0.0.1:4\n");
        assertThat(endpointOf("[circus]\ninclude = " + extra + "\n").value()).isEqualTo("tcp://127.0.0.1:4");
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
        assertThat(endpointOf("[circus]\ninclude = *.ini\nendpoint = ipc:///x\n").value()).isEqualTo("ipc:///x");
    }

    @Test
    void aPatternEndingInSlashReadsNothing() throws Exception {
        write("d/a.ini", "[circus]\nendpoint = tcp://127.0.0.1:1\n");
        assertThat(endpointOf("[circus]\ninclude = d/ */\n")).isEqualTo(Endpoint.DEFAULT);
    }

    @Test
    void missingMainFileIsCircusIniException() {
        Path missing = dir.resolve("nope/circus.ini");
        assertThatThrownBy(() -> CircusIni.endpoint(missing))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(missing + ": cannot read: no such file");
    }

    @Test
    void unreadableMainFileIsCircusIniException() {
        assertThatThrownBy(() -> CircusIni.endpoint(dir))
                .isInstanceOf(CircusIniException.class)
                .hasMessageStartingWith(dir + ": cannot read: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void notUtf8IsCircusIniException() throws Exception {
        Path file = dir.resolve("latin1.ini");
        Files.write(file, new byte[] {'[', 'c', ']', '\n', 'k', '=', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> CircusIni.endpoint(file))
                .isInstanceOf(CircusIniException.class)
                .hasMessage(file + ": cannot read: not UTF-8 text");
    }
}
