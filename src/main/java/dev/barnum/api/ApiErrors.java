package dev.barnum.api;

import dev.barnum.commands.NotReadyException;
import dev.barnum.commands.OtherShardException;
import dev.barnum.config.BadInputException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Refusals as JSON: {@code {"error": "one line saying what and why"}}. */
public class ApiErrors {

    /** The error body. */
    public record Error(String error) {}

    @ServerExceptionMapper
    public RestResponse<Error> badInput(BadInputException e) {
        return RestResponse.ResponseBuilder.create(
                        RestResponse.Status.BAD_REQUEST, new Error(e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
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
        return RestResponse.ResponseBuilder.create(
                        RestResponse.Status.SERVICE_UNAVAILABLE, new Error(e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
