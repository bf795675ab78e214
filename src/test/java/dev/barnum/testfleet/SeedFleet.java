package dev.barnum.testfleet;

import java.util.List;

/**
 * THE standard fleet of the CLI tests, modelled on the original tool's README (shared/SEED.md).
 *
 * <ul>
 *   <li>circus_users.yaml: user1, user2.
 *   <li>host1 (127.0.0.11): circus_user1_host1.service enabled active/running, user1's endpoint
 *       tcp://host1:5775 answers {@code status} (watcher1: active), {@code --json status}, {@code
 *       status watcher1}, {@code --json status watcher1}, {@code --json stats} (two processes of
 *       watcher1, in the captured stats format) and {@code stats} (fixture stats-one);
 *       circus_user2_host1.service disabled inactive/dead, user2's circus.ini names
 *       tcp://host1:5776 (which does not answer).
 *   <li>host2 (127.0.0.12): circus_user1_host2.service enabled active/running (tcp://host2:8385,
 *       watcher2); circus_user3_host2.service enabled active/running for user3 (NOT in the yaml,
 *       but with a home: circus.ini without endpoint, so tcp://127.0.0.1:5555, watcher3);
 *       circus_user4_host2.service disabled inactive/dead for user4 (not in the yaml, no home).
 *   <li>host3 (127.0.0.13): circus_user1_host3.service enabled active/running, endpoint
 *       tcp://127.0.0.1:5555 replays the captured instance "a" of fixtures/circusctl (status-all-a,
 *       json-status-all-a, stats-all and the other read-only captures); circus_user2_host3.service
 *       enabled active/running whose tcp://127.0.0.1:5599 does not answer;
 *       circus_user5_host3.service enabled failed/failed WITHOUT a User= line (user5 not in the
 *       yaml, no home).
 *   <li>host4 (127.0.0.14): refused; user2 has a circus.ini for it.
 *   <li>host5 (127.0.0.15): sshd up but its host key is unknown; user2 has a circus.ini for it;
 *       circus_user2_host5.service enabled active/running (tcp://host5:5775, watcher5).
 * </ul>
 */
public final class SeedFleet {

    public static final String HOST1 = "host1";
    public static final String HOST2 = "host2";
    public static final String HOST3 = "host3";
    public static final String HOST4 = "host4";
    public static final String HOST5 = "host5";

    /** The users of circus_users.yaml. */
    public static final List<String> YAML_USERS = List.of("user1", "user2");

    public static final String HOST1_USER1_ENDPOINT = "tcp://host1:5775";
    public static final String HOST1_USER2_ENDPOINT = "tcp://host1:5776";
    public static final String HOST2_USER1_ENDPOINT = "tcp://host2:8385";
    public static final String HOST2_USER3_ENDPOINT = "tcp://127.0.0.1:5555";
    public static final String HOST3_USER1_ENDPOINT = "tcp://127.0.0.1:5555";
    public static final String HOST3_USER2_ENDPOINT = "tcp://127.0.0.1:5599";
    public static final String HOST4_USER2_ENDPOINT = "tcp://host4:5775";
    public static final String HOST5_USER2_ENDPOINT = "tcp://host5:5775";

    /**
     * The read-only captures of instance "a" (tcp://127.0.0.1:5555) that host3's circusd replays.
     */
    public static final List<String> HOST3_FIXTURES =
            List.of(
                    "json-status-all-a",
                    "status-all-a",
                    "stats-all",
                    "status-one-active",
                    "status-one-stopped",
                    "json-status-one",
                    "status-unknown-watcher",
                    "json-status-unknown-watcher",
                    "list-all",
                    "list-one",
                    "json-list-one",
                    "numprocesses-all",
                    "numprocesses-one",
                    "numwatchers",
                    "stats-one",
                    "json-stats-one",
                    "dstats",
                    "json-dstats");

    private static final String SEED = "testfleet/seed/";

    private SeedFleet() {}

    /** The seed fleet, started. */
    public static TestFleet start() {
        return builder().start();
    }

    /** The seed fleet's declaration, to start as is or to extend. */
    public static FleetSpec builder() {
        return TestFleet.builder()
                .users(YAML_USERS.toArray(String[]::new))
                .circusIni("user1", HOST1, ini(HOST1_USER1_ENDPOINT))
                .circusIni("user2", HOST1, ini(HOST1_USER2_ENDPOINT))
                .circusIni("user1", HOST2, ini(HOST2_USER1_ENDPOINT))
                .circusIni("user3", HOST2, "[circus]\ncheck_delay = 5\n")
                .circusIni("user1", HOST3, ini(HOST3_USER1_ENDPOINT))
                .circusIni("user2", HOST3, ini(HOST3_USER2_ENDPOINT))
                .circusIni("user2", HOST4, ini(HOST4_USER2_ENDPOINT))
                .circusIni("user2", HOST5, ini(HOST5_USER2_ENDPOINT))
                .host(
                        HOST1,
                        h ->
                                h.address("127.0.0.11")
                                        .unit("user1", "enabled", "active", "running")
                                        .unit("user2", "disabled", "inactive", "dead")
                                        .endpoint(
                                                HOST1_USER1_ENDPOINT,
                                                e ->
                                                        e.reply(
                                                                        "--json status",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "json-status-watcher1.txt"))
                                                                .reply(
                                                                        "status",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "status-watcher1.txt"))
                                                                .reply(
                                                                        "--json status watcher1",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "json-status-one-watcher1.txt"))
                                                                .reply(
                                                                        "status watcher1",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "status-one-watcher1.txt"))
                                                                .reply(
                                                                        "--json stats",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "json-stats-watcher1.txt"))
                                                                .fixture("stats", "stats-one")))
                .host(
                        HOST2,
                        h ->
                                h.address("127.0.0.12")
                                        .unit("user1", "enabled", "active", "running")
                                        .unit("user3", "enabled", "active", "running")
                                        .unit("user4", "disabled", "inactive", "dead")
                                        .endpoint(
                                                HOST2_USER1_ENDPOINT,
                                                e ->
                                                        e.reply(
                                                                        "--json status",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "json-status-watcher2.txt"))
                                                                .reply(
                                                                        "status",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "status-watcher2.txt")))
                                        .endpoint(
                                                HOST2_USER3_ENDPOINT,
                                                e ->
                                                        e.reply(
                                                                        "--json status",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "json-status-watcher3.txt"))
                                                                .reply(
                                                                        "status",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "status-watcher3.txt"))))
                .host(
                        HOST3,
                        h ->
                                h.address("127.0.0.13")
                                        .unit("user1", "enabled", "active", "running")
                                        .unit("user2", "enabled", "active", "running")
                                        .unitWithoutUserLine("user5", "enabled", "failed", "failed")
                                        .endpoint(
                                                HOST3_USER1_ENDPOINT,
                                                e -> HOST3_FIXTURES.forEach(e::fixture)))
                .host(HOST4, HostKind.REFUSED, h -> h.address("127.0.0.14"))
                .host(
                        HOST5,
                        HostKind.UNKNOWN_HOST_KEY,
                        h ->
                                h.address("127.0.0.15")
                                        .unit("user2", "enabled", "active", "running")
                                        .endpoint(
                                                HOST5_USER2_ENDPOINT,
                                                e ->
                                                        e.reply(
                                                                        "--json status",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "json-status-watcher5.txt"))
                                                                .reply(
                                                                        "status",
                                                                        Reply.resource(
                                                                                SEED
                                                                                        + "status-watcher5.txt"))));
    }

    private static String ini(String endpoint) {
        return "[circus]\nendpoint = " + endpoint + "\n";
    }
}
