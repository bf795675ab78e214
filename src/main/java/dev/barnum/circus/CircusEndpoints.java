package dev.barnum.circus;

/**
 * A circusd's two sockets, as its circus.ini names them.
 *
 * @param control {@code [circus] endpoint}: commands and their replies
 * @param pubsub {@code [circus] pubsub_endpoint}: the events it publishes
 */
public record CircusEndpoints(Endpoint control, Endpoint pubsub) {

    /** circusd's own default when {@code [circus] pubsub_endpoint} is absent. */
    public static final Endpoint DEFAULT_PUBSUB = new Endpoint("tcp://127.0.0.1:5556");
}
