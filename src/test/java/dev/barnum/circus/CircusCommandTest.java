package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** circusctl's words as the message circusctl sends (fixtures/zmq/wire-exchanges.txt). */
class CircusCommandTest {

    private static Optional<CircusCommand> of(String... words) {
        return CircusCommand.of(List.of(words));
    }

    @Test
    void theDefaultAllowedCommandsMapAsCircusctlSendsThem() {
        assertThat(of("status")).contains(new CircusCommand("status", Map.of()));
        assertThat(of("STATUS", "web"))
                .contains(new CircusCommand("status", Map.of("name", "web")));
        assertThat(of("numwatchers")).contains(new CircusCommand("numwatchers", Map.of()));
        assertThat(of("restart", "*", "--waiting"))
                .contains(new CircusCommand("restart", Map.of("name", "*", "waiting", true)));
        assertThat(of("incr", "web", "2"))
                .contains(new CircusCommand("incr", Map.of("name", "web", "nb", 2)));
        assertThat(of("decr", "web")).contains(new CircusCommand("decr", Map.of("name", "web")));
        assertThat(of("stats", "sleeper", "123", "--extended"))
                .contains(
                        new CircusCommand(
                                "stats",
                                Map.of("name", "sleeper", "process", 123, "extended", true)));
        assertThat(of("reload", "web", "--terminate"))
                .contains(new CircusCommand("reload", Map.of("name", "web", "graceful", false)));
    }

    @Test
    void wordsItCannotMapAreLeftToCircusctl() {
        assertThat(of("incr")).isEmpty(); // incr needs a watcher
        assertThat(of("incr", "web", "two")).isEmpty();
        assertThat(of("status", "web", "extra")).isEmpty();
        assertThat(of("status", "--waiting")).isEmpty();
        assertThat(of("start", "web", "--json")).isEmpty();
        assertThat(of("set", "web", "numprocesses", "3")).isEmpty();
        assertThat(of("numwatchers", "web")).isEmpty();
        assertThat(of()).isEmpty();
    }
}
