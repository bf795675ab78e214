package dev.barnum.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.config.BadInputException;
import org.junit.jupiter.api.Test;

class UnitPatternTest {

    private final UnitPattern pattern = new UnitPattern("circus_{user}_{host}.service");

    @Test
    void buildsNamesAndGlobs() {
        assertThat(pattern.unit("user1", "host2")).isEqualTo("circus_user1_host2.service");
        assertThat(pattern.glob("host2")).isEqualTo("circus_*_host2.service");
    }

    @Test
    void readsTheUserBackEvenWithUnderscores() {
        assertThat(pattern.user("circus_web_admin_host_2.service", "host_2")).contains("web_admin");
        assertThat(pattern.user("circus_user1_host1.service", "host2")).isEmpty();
        assertThat(pattern.user("circus_Bad User_host1.service", "host1")).isEmpty();
    }

    @Test
    void refusesAPatternWithoutUser() {
        assertThatThrownBy(() -> new UnitPattern("circus.service"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("barnum.unit-pattern");
    }
}
