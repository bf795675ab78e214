package dev.barnum.api;

import dev.barnum.config.BadInputException;
import dev.barnum.discovery.Instance;
import dev.barnum.fleet.Fleet;
import dev.barnum.logs.LogUnavailableException;
import dev.barnum.logs.Logs;
import dev.barnum.report.LogView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

/**
 * The last lines of a circus instance's logs, read from the user's circus home on the machine
 * Barnum runs on (as circus.ini is; never over SSH), as {@code barnum-cli logs} reads them. Needs
 * the {@code viewer} role. 400 for a bad {@code lines} or {@code stream}, 404 when the homes have
 * no such (user, host), circus.ini no such watcher, or the log does not exist, 409 when the log is
 * somewhere Barnum does not read (outside the user's circus home: the message says where) or is not
 * a regular file.
 */
@Path("/api/v1/hosts/{host}/users/{user}/logs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class LogsResource {

    @Inject Fleet fleet;

    /** circusd's own log: {@code [circus] logoutput}, else circus.log beside circus.ini. */
    @GET
    public LogView circus(
            @PathParam("host") String host,
            @PathParam("user") String user,
            @QueryParam("lines") String lines) {
        return tail(host, user, Optional.empty(), null, lines);
    }

    /**
     * A watcher's output ({@code stream=stdout}, the default) or error ({@code stream=stderr}): its
     * {@code stdout_stream.filename}, else {@code WATCHER.stdout.log} beside circus.ini.
     */
    @GET
    @Path("/{watcher}")
    public LogView watcher(
            @PathParam("host") String host,
            @PathParam("user") String user,
            @PathParam("watcher") String watcher,
            @QueryParam("stream") String stream,
            @QueryParam("lines") String lines) {
        return tail(host, user, Optional.of(watcher), stream, lines);
    }

    private LogView tail(
            String host, String user, Optional<String> watcher, String stream, String lines) {
        int count = Logs.checkLines(lines, "lines");
        boolean stderr = stderr(stream);
        Logs logs = new Logs(fleet.homes());
        Logs.Log log = logs.locate(instance(host, user), watcher, stderr);
        return LogView.of(log, logs.tail(log, count));
    }

    private Instance instance(String host, String user) {
        return fleet.inventory()
                .instance(user, host)
                .orElseThrow(
                        () ->
                                new LogUnavailableException(
                                        LogUnavailableException.Why.MISSING,
                                        "no circus for "
                                                + user
                                                + "@"
                                                + host
                                                + " in the homes of the users Barnum knows"));
    }

    private static boolean stderr(String stream) {
        if (stream == null || stream.equals("stdout")) {
            return false;
        }
        if (stream.equals("stderr")) {
            return true;
        }
        throw new BadInputException("stream '" + stream + "': expected stdout or stderr");
    }
}
