package dev.barnum.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.config.BadInputException;
import dev.barnum.discovery.Homes;
import dev.barnum.discovery.Instance;
import dev.barnum.discovery.Inventory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetTest {

    private final Homes homes = new Homes("/users/{user}/circus");
    private final Path usersFile = Path.of("circus_users.yaml");
    private final Inventory inventory =
            Inventory.of(
                    List.of("user1", "user2"),
                    Map.of(
                            "host1",
                                    List.of(
                                            new Instance(
                                                    "user1", "host1", homes.ini("user1", "host1"))),
                            "host2",
                                    List.of(
                                            new Instance(
                                                    "user2",
                                                    "host2",
                                                    homes.ini("user2", "host2")))));

    @Test
    void parsesTheThreeShapes() {
        assertThat(Target.parse("")).isEqualTo(Target.ALL);
        assertThat(Target.parse(null)).isEqualTo(Target.ALL);
        assertThat(Target.parse("host1").host()).contains("host1");
        assertThat(Target.parse("host1").user()).isEmpty();
        assertThat(Target.parse("user1@host1")).isEqualTo(Target.user("user1", "host1"));
    }

    @Test
    void refusesShellMetacharacters() {
        for (String bad :
                List.of(
                        "host1;reboot",
                        "$(id)@host1",
                        "user1@host 1",
                        "@host1",
                        "user1@",
                        "a@b@c",
                        "-oProxyCommand=x")) {
            assertThatThrownBy(() -> Target.parse(bad))
                    .as(bad)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("invalid target '" + bad + "'");
        }
    }

    @Test
    void resolvesAgainstTheHomes() {
        assertThat(Target.ALL.hosts(inventory, homes, usersFile)).containsExactly("host1", "host2");
        assertThat(Target.parse("host2").hosts(inventory, homes, usersFile))
                .containsExactly("host2");
        assertThat(Target.parse("user1@host1").hosts(inventory, homes, usersFile))
                .containsExactly("host1");
    }

    @Test
    void unknownHostUserOrCircusIniAreNamed() {
        assertThatThrownBy(() -> Target.parse("host9").hosts(inventory, homes, usersFile))
                .hasMessage(
                        "unknown host 'host9': no user listed in circus_users.yaml has /users/<user>/circus/host9/circus.ini");
        assertThatThrownBy(() -> Target.parse("user7@host1").hosts(inventory, homes, usersFile))
                .hasMessage("unknown user 'user7': not listed in circus_users.yaml");
        assertThatThrownBy(() -> Target.parse("user2@host1").hosts(inventory, homes, usersFile))
                .hasMessage(
                        "no circus for user2@host1: /users/user2/circus/host1/circus.ini does not exist");
    }
}
