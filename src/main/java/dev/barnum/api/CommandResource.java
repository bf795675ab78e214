package dev.barnum.api;

import dev.barnum.commands.CommandRequest;
import dev.barnum.commands.CommandResult;
import dev.barnum.commands.CommandService;
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
import java.util.List;

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
     * One result per (host, user): argv, exit status, stdout, stderr, duration, outcome. 400 when
     * refused, nothing run.
     */
    @POST
    @RolesAllowed("operator")
    public List<CommandResult> run(CommandRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw new BadInputException(
                    "a JSON body is required: {\"target\": ..., \"args\": [...], \"dryRun\": false}");
        }
        return commands.run(request, security.getUserPrincipal().getName());
    }
}
