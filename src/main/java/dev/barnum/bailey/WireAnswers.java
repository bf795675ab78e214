package dev.barnum.bailey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barnum.circus.CircusReply;
import dev.barnum.circus.WatcherState;
import dev.barnum.circus.wire.ControlChannel;
import dev.barnum.circus.wire.NoAnswerException;
import dev.barnum.config.Shown;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one circusd says over circus's own protocol, as a {@link CircusFinding}: {@code status},
 * then, for the poll, {@code list} of each watcher (its pids: a count of live processes, far
 * cheaper for circusd than {@code stats}), all sent at once.
 */
final class WireAnswers {

    private WireAnswers() {}

    static CircusFinding status(
            ControlChannel channel, String endpoint, HostProbe.Ask ask, Duration timeout) {
        try {
            return answers(channel, endpoint, ask, timeout);
        } finally {
            channel.idle(); // until the next poll: its sending buffers may go
        }
    }

    private static CircusFinding answers(
            ControlChannel channel, String endpoint, HostProbe.Ask ask, Duration timeout) {
        try {
            CircusReply reply = channel.call("status", Map.of(), timeout);
            if (ask == HostProbe.Ask.STATUS || reply.error()) {
                return CircusAnswers.watchers(
                        endpoint, reply, watchers -> Collections.emptySortedMap());
            }
            SortedMap<String, Integer> processes = processes(channel, reply.statuses(), timeout);
            return CircusAnswers.watchers(endpoint, reply, watchers -> processes);
        } catch (NoAnswerException e) {
            return new CircusFinding.NotAnswering(endpoint);
        } catch (IOException e) {
            return HostProbe.failed(
                    Reason.PARSE, "circusd " + endpoint + ": " + Shown.oneLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            return HostProbe.failed(Reason.PARSE, "circusd " + endpoint + ": " + e.getMessage());
        }
    }

    /**
     * Process counts are a bonus: a watcher whose {@code list} fails or is odd has no count.
     *
     * @throws IOException when the channel itself failed
     */
    private static SortedMap<String, Integer> processes(
            ControlChannel channel, SortedMap<String, WatcherState> watchers, Duration timeout)
            throws IOException {
        List<String> names = new ArrayList<>(watchers.keySet());
        List<ControlChannel.Request> sent = new ArrayList<>(names.size());
        for (String name : names) {
            sent.add(channel.send("list", Map.of("name", name)));
        }
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            CircusReply reply;
            try {
                reply = sent.get(i).await(timeout);
            } catch (NoAnswerException e) {
                continue;
            }
            JsonNode pids = reply.body().get("pids");
            if (!reply.error() && pids != null && pids.isArray()) {
                counts.put(names.get(i), pids.size());
            }
        }
        return Collections.unmodifiableSortedMap(counts);
    }
}
