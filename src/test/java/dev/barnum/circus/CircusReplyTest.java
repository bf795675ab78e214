package dev.barnum.circus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.barnum.Fixtures;
import org.junit.jupiter.api.Test;

class CircusReplyTest {

    @Test
    void readsEveryWatcherSortedAsCircusctlSortsThem() {
        CircusReply reply = CircusReply.parse(Fixtures.text("circusctl/json-status-all-a.txt"));
        assertThat(reply.error()).isFalse();
        assertThat(reply.statuses())
                .containsExactly(
                        entry("flapper", WatcherState.ACTIVE),
                        entry("idle", WatcherState.STOPPED),
                        entry("plugin:flapping", WatcherState.ACTIVE),
                        entry("sleeper", WatcherState.ACTIVE),
                        entry("workers", WatcherState.ACTIVE));
    }

    @Test
    void sortsUpperCaseFirstLikeTheTextStatus() {
        CircusReply reply = CircusReply.parse(Fixtures.text("circusctl/json-status-all-b.txt"));
        String text = Fixtures.text("circusctl/status-all-b.txt");
        StringBuilder rendered = new StringBuilder();
        reply.statuses()
                .forEach(
                        (name, state) ->
                                rendered.append(name)
                                        .append(": ")
                                        .append(state.label())
                                        .append('\n'));
        assertThat(rendered.toString()).isEqualTo(text);
    }

    @Test
    void anErrorReplyExitsZeroButSaysError() {
        CircusReply reply =
                CircusReply.parse(Fixtures.text("circusctl/json-status-unknown-watcher.txt"));
        assertThat(reply.error()).isTrue();
        assertThat(reply.errno()).isEqualTo(3);
        assertThat(reply.reason()).isEqualTo("program nosuch not found");
    }

    @Test
    void recognisesTheBusyArbiter() {
        CircusReply reply = CircusReply.parse(Fixtures.text("circusctl/json-errno5-conflict.txt"));
        assertThat(reply.errno()).isEqualTo(CircusReply.ERRNO_BUSY);
        assertThat(reply.reason()).startsWith("arbiter is already running");
    }

    @Test
    void oneWatcherStatusPutsTheStateInStatus() {
        CircusReply reply = CircusReply.parse(Fixtures.text("circusctl/json-status-one.txt"));
        assertThat(WatcherState.parse(reply.status())).isEqualTo(WatcherState.ACTIVE);
        assertThatThrownBy(reply::statuses).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsEachWatchersProcessesOfAStatsReply() throws Exception {
        String seed;
        try (var in =
                CircusReplyTest.class.getResourceAsStream(
                        "/testfleet/seed/json-stats-watcher1.txt")) {
            seed = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(CircusReply.processCounts(seed))
                .hasValueSatisfying(
                        counts -> assertThat(counts).containsExactly(entry("watcher1", 2)));
        // a watcher without processes, an info that is a string (a process gone meanwhile), nested
        // children and lists
        String json =
                "{\"status\": \"ok\", \"time\": 1.5, \"infos\": {\"workers\": {\"1\": {\"children\": [{\"pid\": 7}], \"cpu\": 0.1},"
                        + " \"2\": \"No such process (stopped?)\", \"3\": {}}, \"idle\": {}, \"odd\": \"N/A\"}, \"id\": \"s\"}\n";
        assertThat(CircusReply.processCounts(json))
                .hasValueSatisfying(
                        counts ->
                                assertThat(counts)
                                        .containsExactly(
                                                entry("idle", 0),
                                                entry("odd", 0),
                                                entry("workers", 3)));
    }

    @Test
    void processCountsOfAnErrorReplyAreUnknownAndOfNoReplyRefused() {
        assertThat(CircusReply.processCounts(Fixtures.text("circusctl/json-errno5-conflict.txt")))
                .isEmpty();
        assertThatThrownBy(
                        () ->
                                CircusReply.processCounts(
                                        Fixtures.text("circusctl/json-status-all-a.txt")))
                .hasMessageContaining("a stats reply without infos");
        assertThatThrownBy(() -> CircusReply.processCounts(""))
                .hasMessageContaining("not a circus reply");
        assertThatThrownBy(() -> CircusReply.processCounts("[1,2,3]"))
                .hasMessageContaining("not a circus reply");
        assertThatThrownBy(() -> CircusReply.processCounts("{\"infos\": {}}"))
                .hasMessageContaining("not a circus reply");
        assertThatThrownBy(
                        () ->
                                CircusReply.processCounts(
                                        "{\"status\": \"ok\", \"infos\": {\"w\": {"))
                .hasMessageContaining("not a circus reply");
        assertThatThrownBy(
                        () -> CircusReply.processCounts(Fixtures.text("circusctl/stats-all.txt")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhatIsNotAReply() {
        assertThatThrownBy(() -> CircusReply.parse(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CircusReply.parse("[1,2,3]"))
                .hasMessageContaining("not a circus reply");
        assertThatThrownBy(() -> CircusReply.parse(Fixtures.text("circusctl/status-all-a.txt")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void circusctlGetsGlobalOptionsBeforeTheCommand() {
        CircusctlCommands commands =
                new CircusctlCommands("circusctl", java.time.Duration.ofMillis(300));
        assertThat(commands.json("tcp://127.0.0.1:5555", java.util.List.of("status")))
                .containsExactly(
                        "circusctl",
                        "--endpoint",
                        "tcp://127.0.0.1:5555",
                        "--timeout",
                        "1",
                        "--json",
                        "status");
        assertThat(commands.text("ipc:///x.sock", java.util.List.of("stats", "web")))
                .containsExactly(
                        "circusctl",
                        "--endpoint",
                        "ipc:///x.sock",
                        "--timeout",
                        "1",
                        "stats",
                        "web");
    }

    /** What the host printed used to go into the message with its line breaks. */
    @Test
    void aRefusalIsOneLine() {
        assertThatThrownBy(() -> CircusReply.parse("{}\n{}"))
                .hasMessage("not a circus reply: {}\\n{}");
        assertThatThrownBy(() -> CircusReply.processCounts("{\"status\": \"ok\"}\r\nforged: line"))
                .hasMessage("a stats reply without infos: {\"status\": \"ok\"}\\r\\nforged: line");
    }
}
