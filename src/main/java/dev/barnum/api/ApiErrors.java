package dev.barnum.api;

import dev.barnum.commands.NotReadyException;
import dev.barnum.commands.OtherShardException;
import dev.barnum.config.BadInputException;
import dev.barnum.logs.LogUnavailableException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Refusals as JSON: {@code {"error": "one line saying what and why"}}. */
public class ApiErrors {

    /** The error body. */
    public record Error(String error) {}

    @ServerExceptionMapper
    public RestResponse<Error> badInput(BadInputException e) {
        return error(RestResponse.Status.BAD_REQUEST, e);
    }

    /** A refusal for a host of another instance: the message, and the shard that owns it. */
    public record OtherShard(String error, String shard) {}

    @ServerExceptionMapper
    public RestResponse<OtherShard> otherShard(OtherShardException e) {
        return RestResponse.ResponseBuilder.create(
                        RestResponse.Status.CONFLICT,
                        new OtherShard(e.getMessage(), e.owner().toString()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<Error> notReady(NotReadyException e) {
        return error(RestResponse.Status.SERVICE_UNAVAILABLE, e);
    }

    /**
     * A log not shown: 404 when there is no such watcher or file, 409 when it is somewhere Barnum
     * does not read, or not a regular file.
     */
    @ServerExceptionMapper
    public RestResponse<Error> logUnavailable(LogUnavailableException e) {
        return error(
                e.why() == LogUnavailableException.Why.NOT_SERVED
                        ? RestResponse.Status.CONFLICT
                        : RestResponse.Status.NOT_FOUND,
                e);
    }

    private static RestResponse<Error> error(RestResponse.Status status, Exception e) {
        return RestResponse.ResponseBuilder.create(status, new Error(e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
