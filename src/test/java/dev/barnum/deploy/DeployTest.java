package dev.barnum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * deploy/: the systemd unit passes {@code systemd-analyze verify} without a warning and its
 * hardening scores as systemd judges it; its environment file names only keys Barnum has.
 */
@Tag("fleet") // needs systemd's own tools: runs in verify
class DeployTest {

    private static final Path UNIT = Path.of("deploy/barnum.service");
    private static final Path ENV = Path.of("deploy/barnum.env");

    private record Run(int exit, String out) {}

    private static Run run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theUnitVerifiesWithoutAWord() throws Exception {
        Run verify = run("systemd-analyze", "verify", UNIT.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).as("no warning (an unknown key is only a warning)").isEmpty();
    }

    @Test
    void theUnitIsHardened() throws Exception {
        Run security =
                run("systemd-analyze", "security", "--offline=true", "--no-pager", UNIT.toString());
        Matcher level =
                Pattern.compile("Overall exposure level for barnum\\.service: (\\d+\\.\\d)")
                        .matcher(security.out());
        assertThat(level.find()).as(security.out()).isTrue();
        // systemd's scale: 0 (locked down) to 10 (unprotected); "OK" ends at 4.9
        assertThat(Double.parseDouble(level.group(1))).as(security.out()).isLessThanOrEqualTo(4.0);
        String unit = Files.readString(UNIT);
        for (String line :
                List.of(
                        "User=barnum",
                        "NoNewPrivileges=yes",
                        "ProtectSystem=strict",
                        "PrivateTmp=yes",
                        "EnvironmentFile=/etc/barnum/barnum.env")) {
            assertThat(unit.lines()).contains(line);
        }
    }

    /** Every BARNUM_ variable of the environment file is a key of the README's table. */
    @Test
    void theEnvironmentFileNamesOnlyKeysBarnumHas() throws Exception {
        Set<String> known = new TreeSet<>();
        Matcher key =
                Pattern.compile("^\\| `(barnum\\.[a-z.-]+)` \\|", Pattern.MULTILINE)
                        .matcher(Files.readString(Path.of("README.md")));
        while (key.find()) {
            known.add(key.group(1).toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"));
        }
        assertThat(known).contains("BARNUM_USERS_FILE", "BARNUM_SHARD");
        List<String> variables =
                Files.readAllLines(ENV).stream()
                        .map(l -> l.replaceFirst("^# ", ""))
                        .filter(l -> l.matches("BARNUM_[A-Z_]+=.*"))
                        .map(l -> l.substring(0, l.indexOf('=')))
                        .toList();
        assertThat(variables).isNotEmpty();
        assertThat(known).containsAll(variables);
    }
}
