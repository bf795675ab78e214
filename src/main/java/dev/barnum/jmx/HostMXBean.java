package dev.barnum.jmx;

/**
 * {@code barnum:type=Host,name=<host>}: one host as the last poll saw it.
 *
 * <pre>
 * Up = true; FailureReason = ""; FailureMessage = ""; LastPollDurationMillis = 312;
 * LastSuccess = 2026-11-25T03:00:00.432Z;
 * Units = ["circus_user1_host1.service user1 active/running", "circus_user2_host1.service user2 inactive/dead"];
 * Watchers = ["user1 watcher1 active"];
 * Expected = ["user1 circus_user1_host1.service present", "user2 circus_user2_host1.service disabled"];
 * Unexpected = []
 * </pre>
 *
 * A host that stopped answering: {@code Up = false; FailureReason = refused; FailureMessage =
 * "host4: Connection refused"}, its units and watchers as last seen, in state {@code unknown}.
 */
public interface HostMXBean {

    /** Whether the last poll of the host succeeded. */
    boolean isUp();

    /**
     * Why the last poll failed (timeout, refused, auth, hostkey, command, parse); {@code ""} when
     * up.
     */
    String getFailureReason();

    /** The one-line failure message; {@code ""} when up. */
    String getFailureMessage();

    /**
     * How its circusds are asked: {@code direct} (circus's own protocol through its SSH session) or
     * {@code circusctl} (configured, or its sshd refuses to forward).
     */
    String getCircusTransport();

    /** How long the last poll of this host took. */
    long getLastPollDurationMillis();

    /**
     * End of the last successful poll of this host, ISO-8601; {@code ""} when it never answered.
     */
    String getLastSuccess();

    /** {@code unit user active/sub}, one per circus unit. */
    String[] getUnits();

    /** {@code user watcher state}, one per watcher. */
    String[] getWatchers();

    /**
     * {@code user unit presence}, one per unit a circus.ini in the homes expects on this host,
     * whether or not it answered: presence {@code present}, {@code not_installed}, {@code
     * not_loaded} (masked, ...), {@code disabled}, {@code circusd_down} (its unit active) or {@code
     * unknown} (never seen).
     */
    String[] getExpected();

    /** {@code unit user}, one per unit of this host that no circus.ini in the homes names. */
    String[] getUnexpected();
}
