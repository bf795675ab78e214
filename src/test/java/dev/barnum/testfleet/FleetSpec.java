package dev.barnum.testfleet;

import static dev.barnum.testfleet.FleetFiles.checkName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a test fleet is made of, before anything runs: the users of circus_users.yaml, the homes and
 * their circus.ini files, and the hosts with their units and circusds. {@link #start()} builds and
 * starts it ({@link TestFleet#builder()} begins one).
 */
public final class FleetSpec {

    /**
     * The default SSH port of every host (another one is taken when it is busy on a fleet address).
     */
    public static final int DEFAULT_PORT = 2222;

    /** One circus.ini (or only its folder, when the content is empty). */
    record Ini(String user, String host, Optional<String> content) {}

    /** A unit file and the runtime state systemctl reports for it. */
    record Unit(
            String name,
            String content,
            String unitFileState,
            String activeState,
            String subState) {}

    private final List<String> users = new ArrayList<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<List<String>, Ini> inis = new LinkedHashMap<>();
    private final List<String> homes = new ArrayList<>();
    private int port = DEFAULT_PORT;
    private String circusTransport = "circusctl";

    FleetSpec() {}

    /** The users listed in circus_users.yaml (independent of units and homes). */
    public FleetSpec users(String... names) {
        for (String u : names) {
            users.add(checkName(u));
        }
        return this;
    }

    /**
     * The SSH port of every host, default 2222; the next free one is taken when it is busy on a
     * fleet address.
     */
    public FleetSpec port(int port) {
        this.port = port;
        return this;
    }

    /**
     * {@code ROOT/users/<user>/circus/<host>/circus.ini} with this content; {@code null}: the
     * folder without a circus.ini.
     */
    public FleetSpec circusIni(String user, String host, String content) {
        inis.put(
                List.of(checkName(user), checkName(host)),
                new Ini(user, host, Optional.ofNullable(content)));
        return this;
    }

    /** An empty {@code ROOT/users/<user>/circus}. */
    public FleetSpec home(String user) {
        homes.add(checkName(user));
        return this;
    }

    /**
     * Barnum asks the fleet's circusds over circus's own protocol ({@code
     * barnum.circus.transport=direct}) instead of circusctl: for fleets whose circus.ini files name
     * real ZMTP peers. The default is circusctl, which the hosts' shims answer: the standard fleets
     * name fixed endpoints (some of them the same {@code 127.0.0.1:5555} on two hosts, which one
     * loopback network cannot serve twice).
     */
    public FleetSpec overCircusProtocol() {
        circusTransport = "direct";
        return this;
    }

    String circusTransport() {
        return circusTransport;
    }

    /** A NORMAL host: sshd up, key known. */
    public FleetSpec host(String name, Consumer<Host> spec) {
        return host(name, HostKind.NORMAL, spec);
    }

    /** A host of any kind; REFUSED and BLACKHOLE hosts take no units or endpoints. */
    public FleetSpec host(String name, HostKind kind, Consumer<Host> spec) {
        checkName(name);
        if (hosts.containsKey(name)) {
            throw new IllegalArgumentException("host " + name + " declared twice");
        }
        Host h = new Host(name, kind);
        if (spec != null) {
            spec.accept(h);
        }
        if (!kind.hasSshd() && !(h.units.isEmpty() && h.endpoints.isEmpty())) {
            throw new IllegalArgumentException(
                    kind + " host " + name + " cannot have units or endpoints");
        }
        hosts.put(name, h);
        return this;
    }

    /** A host in ssh_config with nothing listening on its address. */
    public FleetSpec refusedHost(String name) {
        return host(name, HostKind.REFUSED, null);
    }

    /** A host whose sshd runs but whose key is not in known_hosts. */
    public FleetSpec unknownHostKeyHost(String name, Consumer<Host> spec) {
        return host(name, HostKind.UNKNOWN_HOST_KEY, spec);
    }

    /** A host whose address accepts TCP and never sends a byte. */
    public FleetSpec blackholeHost(String name) {
        return host(name, HostKind.BLACKHOLE, null);
    }

    /** Builds the fleet and starts its hosts; returns once every sshd accepts connections. */
    public TestFleet start() {
        return TestFleet.start(this);
    }

    List<String> users() {
        return List.copyOf(users);
    }

    Collection<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    Collection<Ini> circusInis() {
        return List.copyOf(inis.values());
    }

    List<String> homes() {
        return List.copyOf(homes);
    }

    int port() {
        return port;
    }

    /** The units and circus endpoints of one host. */
    public static final class Host {
        private final String name;
        private final HostKind kind;
        private String address;
        private final Map<String, Unit> units = new LinkedHashMap<>();
        private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        private final List<String> sshdOptions = new ArrayList<>();

        private Host(String name, HostKind kind) {
            this.name = name;
            this.kind = kind;
        }

        /**
         * A fixed loopback address (default: one from 127.P.x.y, P derived from this JVM's pid).
         */
        public Host address(String address) {
            this.address = address;
            return this;
        }

        /**
         * {@code circus_<user>_<host>.service} with the standard unit file ({@code User=<user>})
         * and this runtime state, e.g. {@code ("enabled", "active", "running")}, {@code
         * ("disabled", "inactive", "dead")}, {@code ("enabled", "failed", "failed")}.
         */
        public Host unit(String user, String unitFileState, String activeState, String subState) {
            return unitFile(
                    unitName(user, name),
                    standardUnitFile(user, name, true),
                    unitFileState,
                    activeState,
                    subState);
        }

        /** Like {@link #unit} but the unit file has no {@code User=} line. */
        public Host unitWithoutUserLine(
                String user, String unitFileState, String activeState, String subState) {
            return unitFile(
                    unitName(user, name),
                    standardUnitFile(user, name, false),
                    unitFileState,
                    activeState,
                    subState);
        }

        /** Any unit file, with this runtime state. */
        public Host unitFile(
                String unitName,
                String content,
                String unitFileState,
                String activeState,
                String subState) {
            units.put(
                    checkName(unitName),
                    new Unit(unitName, content, unitFileState, activeState, subState));
            return this;
        }

        /**
         * A circusd answering on {@code endpoint} (as written in circus.ini, e.g. {@code
         * tcp://host1:5775}). An endpoint never declared does not answer at all: circusctl times
         * out.
         */
        public Host endpoint(String endpoint, Consumer<Endpoint> replies) {
            Endpoint e = endpoints.computeIfAbsent(endpoint, Endpoint::new);
            if (replies != null) {
                replies.accept(e);
            }
            return this;
        }

        /** One more line of this host's sshd_config, e.g. {@code DisableForwarding yes}. */
        public Host sshdOption(String line) {
            sshdOptions.add(line);
            return this;
        }

        List<String> sshdOptions() {
            return List.copyOf(sshdOptions);
        }

        String name() {
            return name;
        }

        HostKind kind() {
            return kind;
        }

        /** The fixed address, or null. */
        String fixedAddress() {
            return address;
        }

        Collection<Unit> units() {
            return List.copyOf(units.values());
        }

        Collection<Endpoint> endpoints() {
            return List.copyOf(endpoints.values());
        }
    }

    /** The canned circusctl replies of one endpoint. */
    public static final class Endpoint {
        private final String endpoint;
        private final Map<String, Reply> replies = new LinkedHashMap<>();

        private Endpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        /** The endpoint string. */
        public String endpoint() {
            return endpoint;
        }

        /**
         * {@code command} (e.g. {@code "status"}, {@code "--json status"}, {@code "status
         * watcher1"}) prints {@code stdout}, exit 0.
         */
        public Endpoint reply(String command, String stdout) {
            return reply(command, Reply.of(stdout));
        }

        /**
         * {@code command} prints {@code stdout} and {@code stderr} and exits with {@code exitCode}.
         */
        public Endpoint reply(String command, String stdout, int exitCode, String stderr) {
            return reply(command, Reply.of(stdout, exitCode, stderr));
        }

        /** {@code command} gives this reply. */
        public Endpoint reply(String command, Reply reply) {
            FleetLayout.replyKey(command);
            replies.put(command, Objects.requireNonNull(reply));
            return this;
        }

        /**
         * The captured case {@code fixtures/circusctl/NAME} (stdout, exit, stderr) for the command
         * it was captured with.
         */
        public Endpoint fixture(String name) {
            CircusctlCase c = CircusctlCase.load(name);
            return reply(c.replyCommand(), c.reply());
        }

        /** The captured case {@code fixtures/circusctl/NAME} as the reply to another command. */
        public Endpoint fixture(String command, String name) {
            return reply(command, CircusctlCase.load(name).reply());
        }

        Map<String, Reply> replies() {
            return Collections.unmodifiableMap(replies);
        }
    }

    /** {@code circus_<user>_<host>.service}. */
    static String unitName(String user, String host) {
        return "circus_" + user + "_" + host + ".service";
    }

    /** The unit file of a circusd for {@code user} on {@code host}. */
    static String standardUnitFile(String user, String host, boolean withUserLine) {
        return "[Unit]\n"
                + "Description=Circus process manager for "
                + user
                + " on "
                + host
                + "\n"
                + "\n"
                + "[Service]\n"
                + "Type=simple\n"
                + (withUserLine ? "User=" + user + "\n" : "")
                + "ExecStart=/usr/local/bin/circusd /users/"
                + user
                + "/circus/"
                + host
                + "/circus.ini\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }
}
