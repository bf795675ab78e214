package dev.barnum.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemctlParserTest {

    private static final String RUNNING = "systemctl/reconstructed-systemd252-running.txt";
    private static final String OFFLINE = "systemctl/captured-offline-systemd252.txt";

    @Test
    void readsShowBlocksInDbusOrder() {
        String out =
                Fixtures.transcript(
                        RUNNING,
                        "systemctl show -p Id,UnitFileState,ActiveState,SubState,User,FragmentPath 'circus_*'");
        List<UnitStatus> units = SystemctlParser.show(out);
        assertThat(units)
                .containsExactly(
                        new UnitStatus(
                                "circus_user1_host1.service",
                                "",
                                "enabled",
                                ActiveState.ACTIVE,
                                "running",
                                "user1",
                                "/etc/systemd/system/circus_user1_host1.service"),
                        new UnitStatus(
                                "circus_user3_host1.service",
                                "",
                                "enabled",
                                ActiveState.FAILED,
                                "failed",
                                "user3",
                                "/etc/systemd/system/circus_user3_host1.service"));
    }

    @Test
    void explicitNamesIncludeDisabledAndUnknownUnits() {
        String out =
                Fixtures.transcript(
                        RUNNING,
                        "systemctl show -p Id,UnitFileState,ActiveState,SubState,User,FragmentPath circus_user2_host1.service nosuch.service");
        List<UnitStatus> units = SystemctlParser.show(out);
        assertThat(units).hasSize(2);
        assertThat(units.get(0).activeState()).isEqualTo(ActiveState.INACTIVE);
        assertThat(units.get(0).enabled()).isFalse();
        assertThat(units.get(1).user()).isEmpty();
        assertThat(units.get(1).fragmentPath()).isEmpty();
    }

    @Test
    void readsLoadStateOfAMissingUnit() {
        List<UnitStatus> units =
                SystemctlParser.show(
                        "Id=nosuch.service\nLoadState=not-found\nActiveState=inactive\n");
        assertThat(units.get(0).loaded()).isFalse();
    }

    @Test
    void unknownActiveStateIsUnknownNotAnError() {
        assertThat(
                        SystemctlParser.show("Id=a.service\nActiveState=maintenance\n")
                                .get(0)
                                .activeState())
                .isEqualTo(ActiveState.UNKNOWN);
    }

    @Test
    void refusesOutputThatIsNotKeyValue() {
        assertThatThrownBy(
                        () ->
                                SystemctlParser.show(
                                        Fixtures.transcript(
                                                OFFLINE,
                                                "systemctl show -p Id,UnitFileState,ActiveState,SubState,User,FragmentPath circus_*")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SystemctlParser.show("User=x\n"))
                .hasMessageContaining("without Id");
    }

    /** The host's output used to go into the message whole: several lines, or megabytes. */
    @Test
    void aRefusalQuotesTheOutputOnOneShortLine() {
        assertThatThrownBy(() -> SystemctlParser.show("Id=a.service\nno\rdelimiter\n"))
                .hasMessage("not a KEY=VALUE line: no\\rdelimiter");
        assertThatThrownBy(() -> SystemctlParser.show("User=x\r\nSubState=\u001b[2J\n"))
                .hasMessage("a unit block without Id: [User, SubState]");
        assertThatThrownBy(() -> SystemctlParser.show("x".repeat(1_000_000)))
                .hasMessage(
                        "not a KEY=VALUE line: " + "x".repeat(120) + "... (1000000 characters)");
    }
}
