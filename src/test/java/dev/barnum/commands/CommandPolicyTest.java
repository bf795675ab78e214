package dev.barnum.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.config.BadInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one command policy of the CLI, REST and JMX. */
class CommandPolicyTest {

    private final CommandPolicy policy =
            new CommandPolicy(List.of("status", "stats", "start", "stop", "restart", "incr"));

    @Test
    void aNamelessRestartIsRefusedWithTheWayToRestartEveryWatcher() {
        assertThatThrownBy(() -> policy.check(List.of("restart")))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        "restart needs a watcher name: restarting the whole arbiter stops circusd on tcp endpoints;"
                                + " to restart every watcher, name them all: restart '*'");
        assertThatThrownBy(() -> policy.check(List.of("RESTART", "--waiting")))
                .hasMessageStartingWith("restart needs a watcher name");
        assertThat(policy.check(List.of("restart", "*"))).containsExactly("restart", "*");
        assertThat(policy.check(List.of("restart", "web", "--waiting")))
                .containsExactly("restart", "web", "--waiting");
    }

    @Test
    void optionsThatChooseTheEndpointTransportOrTimeoutAreRefusedAnywhereAndAbbreviated() {
        for (List<String> args :
                List.of(
                        List.of("--endpoint=tcp://127.0.0.1:5555", "status"),
                        List.of("--endpoint", "tcp://127.0.0.1:5555", "status"),
                        List.of("status", "--endpoint=tcp://10.0.0.1:5555"),
                        List.of("--end=tcp://127.0.0.1:5555", "status"),
                        List.of("status", "--e", "ipc:///tmp/x"),
                        List.of("--ssh", "root@elsewhere", "status"),
                        List.of("status", "--ssh_key=/root/.ssh/id_rsa"),
                        List.of("status", "--ssh-keyfile=/root/.ssh/id_rsa"),
                        List.of("status", "--timeout", "600"),
                        List.of("stats", "--t=600"))) {
            assertThatThrownBy(() -> policy.check(args))
                    .as(args.toString())
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("refusing circus option '--")
                    .hasMessageContaining("are Barnum's to set");
        }
    }

    @Test
    void anyOptionBeforeTheCommandIsRefused() {
        assertThatThrownBy(() -> policy.check(List.of("--json", "status")))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        "refusing circus option '--json' before the command: circusctl's global options are Barnum's to set;"
                                + " name the circus command first");
    }

    @Test
    void aCommandOutsideTheAllowListIsRefusedNamingTheList() {
        assertThatThrownBy(() -> policy.check(List.of("quit")))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        "circus command 'quit' is not allowed (allowed: incr, restart, start, stats, status, stop;"
                                + " see barnum.commands.allowed)");
    }

    @Test
    void nullsEmptinessAndShellWordsAreRefusedOnOneLine() {
        assertThatThrownBy(() -> policy.check(Arrays.asList("status", null)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("circus argument 2 is null: every argument must be a string");
        assertThatThrownBy(() -> policy.check(null))
                .hasMessage("no circus command given (args is empty)");
        assertThatThrownBy(() -> policy.check(List.of("stop", "web;reboot")))
                .hasMessage(
                        "refusing circus argument 'web;reboot': only letters, digits and _ . , : = @ % + / - * ? are allowed");
        assertThatThrownBy(() -> policy.check(List.of("stop", "a\nb")))
                .hasMessageStartingWith("refusing circus argument 'a");
    }

    @Test
    void watcherNamesMatchAsCircusMatchesThem() {
        assertThat(CommandPolicy.matches("Web", "web")).isTrue();
        assertThat(CommandPolicy.matches("*", "plugin:flapping")).isTrue();
        assertThat(CommandPolicy.matches("w?b*", "webapp")).isTrue();
        assertThat(CommandPolicy.matches("web", "webapp")).isFalse();
        assertThat(CommandPolicy.matches("w.b", "web"))
                .as("a dot is a dot, not any character")
                .isFalse();
    }
}
