package dev.barnum.api;

import dev.barnum.commands.CommandRequest;
import dev.barnum.commands.CommandService;
import dev.barnum.commands.Rollout;
import dev.barnum.config.BadInputException;
import dev.barnum.discovery.Shard;
import dev.barnum.fleet.Fleet;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Runs a circus command on every (host, user) of a target. Needs the {@code operator} role: with no
 * user holding it, every call is refused (403).
 */
@Path("/api/v1/commands")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CommandResource {

    @Inject CommandService commands;

    @Inject Fleet fleet;

    /** On every answer of a sharded instance: whose hosts it covered ({@code all} is its own). */
    static final String SHARD_HEADER = "Barnum-Shard";

    /**
     * One result per (host, user): argv, exit status, stdout, stderr, duration, outcome; with
     * {@code batch}, a rolling command's result (each pair with its batch and settling, the pairs
     * never started, why it stopped). 400 when refused, 409 for a host of another shard (with
     * {@code shard}, its owner), nothing run. A sharded instance says whose hosts it covered in the
     * {@code Barnum-Shard} header: {@code all} means its own.
     */
    @POST
    @RolesAllowed("operator")
    public Response run(CommandRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw new BadInputException(
                    "a JSON body is required: {\"target\": ..., \"args\": [...], \"dryRun\": false}");
        }
        String who = security.getUserPrincipal().getName();
        Object answer =
                request.batch() != null
                        ? commands.roll(request, who, () -> false, Rollout.Listener.NONE)
                        : commands.run(request, who);
        Shard shard = fleet.shard();
        Response.ResponseBuilder response = Response.ok(answer, MediaType.APPLICATION_JSON_TYPE);
        if (shard.count() > 1) {
            response.header(SHARD_HEADER, shard + " (this instance's hosts only)");
        }
        return response.build();
    }
}
