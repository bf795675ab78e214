package dev.barnum.api;

import dev.barnum.commands.NotReadyException;
import dev.barnum.report.FleetView;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.SnapshotStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** Reads of the last fleet snapshot; never triggers a poll. Needs the {@code viewer} role. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class FleetResource {

    @Inject SnapshotStore store;

    /** Every host of the last poll, with its units and watchers, or why it could not be seen. */
    @GET
    @Path("/fleet")
    public FleetView fleet() {
        return FleetView.of(snapshot());
    }

    /** One host of the last poll; 404 when the fleet has no such host. */
    @GET
    @Path("/hosts/{host}")
    public RestResponse<FleetView.HostView> host(@PathParam("host") String host) {
        FleetSnapshot snapshot = snapshot();
        return snapshot.host(host)
                .map(h -> RestResponse.ok(FleetView.host(snapshot, h)))
                .orElseGet(() -> RestResponse.status(RestResponse.Status.NOT_FOUND));
    }

    private FleetSnapshot snapshot() {
        return store.latest().orElseThrow(NotReadyException::new);
    }
}
