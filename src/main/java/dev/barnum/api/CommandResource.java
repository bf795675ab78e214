package dev.barnum.api;

import dev.barnum.commands.CommandRequest;
import dev.barnum.commands.CommandService;
import dev.barnum.commands.Rollout;
import dev.barnum.config.BadInputException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
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

    /**
     * One result per (host, user): argv, exit status, stdout, stderr, duration, outcome; with
     * {@code batch}, a rolling command's result (each pair with its batch and settling, the pairs
     * never started, why it stopped). 400 when refused, nothing run.
     */
    @POST
    @RolesAllowed("operator")
    public Object run(CommandRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw new BadInputException(
                    "a JSON body is required: {\"target\": ..., \"args\": [...], \"dryRun\": false}");
        }
        String who = security.getUserPrincipal().getName();
        if (request.batch() != null) {
            return commands.roll(request, who, () -> false, Rollout.Listener.NONE);
        }
        return commands.run(request, who);
    }
}
