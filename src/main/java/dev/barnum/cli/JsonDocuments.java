package dev.barnum.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.barnum.commands.CommandResult;
import dev.barnum.commands.RollingResult;
import dev.barnum.report.FleetView;
import dev.barnum.report.LogView;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.SnapshotMerger;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON documents of {@code barnum-cli --output json}: those the REST API answers, written as
 * Quarkus's REST layer writes them (instants as ISO-8601 text, nulls kept), one per run, on one
 * line.
 */
final class JsonDocuments {

    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                    .build();

    private JsonDocuments() {}

    /**
     * A one-off look as {@code GET /api/v1/fleet} shows the service's first poll: {@code
     * lastSuccess} is when this look at a host ended, if it answered.
     */
    static String fleet(FleetSnapshot probed) {
        return write(FleetView.of(SnapshotMerger.next(Optional.empty(), probed)));
    }

    /** What {@code POST /api/v1/commands} answers: one result per (host, user). */
    static String results(List<CommandResult> results) {
        return write(results);
    }

    /**
     * What {@code POST /api/v1/commands} answers with {@code batch}: the plan, each pair that ran
     * with its batch and settling, the pairs never started, why it stopped.
     */
    static String rolling(RollingResult result) {
        return write(result);
    }

    /** What the REST API's log reads answer: the last lines of one log. */
    static String log(LogView view) {
        return write(view);
    }

    /** A refusal, as the REST API's 400 body: {@code {"error": "..."}}, a line per problem. */
    static String error(String message) {
        return write(Map.of("error", message));
    }

    private static String write(Object document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
