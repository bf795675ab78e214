package dev.barnum.testfleet;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fleet of simulated hosts for integration tests: one REAL OpenSSH server per host on its own
 * loopback address, each in private mount, UTS and PID namespaces where bash shims for {@code
 * systemctl} and {@code circusctl} shadow the real programs ({@code HOSTDIR/bin} is bound on {@code
 * /usr/local/bin}, {@code HOSTDIR/units} on {@code /etc/systemd/system}, the hostname is the host's
 * name). Needs root, {@code /usr/sbin/sshd}, {@code ssh-keygen} and util-linux {@code unshare}.
 *
 * <p>Layout under {@link #root()}: {@code users/<user>/circus/<host>/circus.ini} (the homes),
 * {@code circus_users.yaml}, {@code id_ed25519} (client key), {@code authorized_keys}, {@code
 * known_hosts}, {@code ssh_config}, {@code fleet.properties} (for {@link #attach}) and {@code
 * hosts/<host>/} with {@code bin/} (shims), {@code units/} (unit files), {@code state/} ({@code
 * calls.log}, {@code units/<unit>} runtime state, {@code
 * circus/<endpoint>/<key>.out|.exit|.err|.delay} canned circusctl replies), {@code sshd_config},
 * the host key and {@code sshd.log}.
 *
 * <pre>{@code
 * try (TestFleet fleet = TestFleet.builder().users("user1")
 *         .circusIni("user1", "web1", "[circus]\nendpoint = tcp://web1:5555\n")
 *         .host("web1", h -> h.unit("user1", "enabled", "active", "running")
 *                 .endpoint("tcp://web1:5555", e -> e.reply("status", "watcher1: active\n")))
 *         .refusedHost("gone1")
 *         .start()) {
 *     Map<String, String> config = fleet.barnumConfig();
 *     ...
 *     assertThat(fleet.calls("web1")).contains("circusctl --endpoint tcp://web1:5555 status");
 * }
 * }</pre>
 */
public final class TestFleet implements AutoCloseable {

    /** What a host's address does. */
    public enum Kind {
        /** sshd up, its host key in {@link #knownHosts()}. */
        NORMAL,
        /** in ssh_config, but nothing listens on its address: connection refused. */
        REFUSED,
        /** sshd up, its host key NOT in {@link #knownHosts()}. */
        UNKNOWN_HOST_KEY,
        /** a socket that accepts TCP connections and never sends a byte. */
        BLACKHOLE
    }

    /**
     * The default SSH port of every host (another one is taken when it is busy on a fleet address).
     */
    public static final int DEFAULT_PORT = 2222;

    private static final Duration START_DEADLINE = Duration.ofSeconds(20);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final Pattern UNSAFE_KEY_CHARS = Pattern.compile("[^A-Za-z0-9._:-]");
    private static final Pattern UNSAFE_ENDPOINT_CHARS = Pattern.compile("[^A-Za-z0-9]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@:._-]*");
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger();
    private static final String ROOT_PREFIX = "barnum-fleet-";

    private final Path root;
    private final String user;
    private final boolean owner;
    private final Map<String, HostRuntime> hosts;
    private volatile boolean closed;

    private TestFleet(Path root, String user, boolean owner, Map<String, HostRuntime> hosts) {
        this.root = root;
        this.user = user;
        this.owner = owner;
        this.hosts = hosts;
    }

    /** A new, empty fleet description. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A view on a fleet started elsewhere in this JVM (for instance by a test resource loaded in
     * another class loader), from its {@link #root()}. Everything works through files, except that
     * a blackhole host cannot be stopped or started; {@link #close()} of a view does nothing.
     */
    public static TestFleet attach(Path root) {
        Properties p = new Properties();
        try (BufferedReader r = Files.newBufferedReader(root.resolve("fleet.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("no test fleet at " + root, e);
        }
        Map<String, HostRuntime> hosts = new LinkedHashMap<>();
        for (String name : p.getProperty("hosts").split(",")) {
            if (name.isEmpty()) {
                continue;
            }
            HostRuntime h =
                    new HostRuntime(
                            name,
                            Kind.valueOf(p.getProperty("host." + name + ".kind")),
                            p.getProperty("host." + name + ".address"),
                            root.resolve("hosts").resolve(name));
            h.port = Integer.parseInt(p.getProperty("host." + name + ".port"));
            hosts.put(name, h);
        }
        return new TestFleet(root, p.getProperty("user"), false, hosts);
    }

    // ------------------------------------------------------------------------------------------
    // paths and configuration

    /** The temporary root of everything this fleet wrote. */
    public Path root() {
        return root;
    }

    /** {@code ROOT/circus_users.yaml}. */
    public Path usersFile() {
        return root.resolve("circus_users.yaml");
    }

    /** {@code ROOT/users/{user}/circus}, the value of {@code barnum.homes}. */
    public String homesTemplate() {
        return root.resolve("users") + "/{user}/circus";
    }

    /** {@code ROOT/users/<user>/circus}. */
    public Path home(String user) {
        return root.resolve("users").resolve(user).resolve("circus");
    }

    /** {@code ROOT/users/<user>/circus/<host>/circus.ini}. */
    public Path circusIni(String user, String host) {
        return home(user).resolve(host).resolve("circus.ini");
    }

    /**
     * The OpenSSH client config: {@code Host}, {@code HostName}, {@code Port}, {@code User}, {@code
     * IdentityFile} per host.
     */
    public Path sshConfig() {
        return root.resolve("ssh_config");
    }

    /** Host keys of the NORMAL hosts, as {@code [127.0.0.K]:PORT ssh-ed25519 ...}. */
    public Path knownHosts() {
        return root.resolve("known_hosts");
    }

    /** The client's private key (ed25519, no passphrase), authorized on every host. */
    public Path identityFile() {
        return root.resolve("id_ed25519");
    }

    /** The login user on every host (the user running the tests). */
    public String user() {
        return user;
    }

    /** The {@code barnum.*} configuration that points Barnum at this fleet. */
    public Map<String, String> barnumConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("barnum.users-file", usersFile().toString());
        c.put("barnum.homes", homesTemplate());
        c.put("barnum.ssh.config-file", sshConfig().toString());
        c.put("barnum.ssh.known-hosts", knownHosts().toString());
        c.put("barnum.ssh.identity-file", identityFile().toString());
        c.put("barnum.ssh.user", user);
        c.put("barnum.ssh.connect-timeout", "2s");
        c.put("barnum.ssh.command-timeout", "10s");
        c.put("barnum.circus.timeout", "1s");
        return c;
    }

    /** The host names, in declaration order. */
    public List<String> hosts() {
        return List.copyOf(hosts.keySet());
    }

    /** What the host's address does. */
    public Kind kind(String host) {
        return host(host).kind;
    }

    /** The host's loopback address, e.g. {@code 127.0.0.11}. */
    public String address(String host) {
        return host(host).address;
    }

    /** The host's SSH port (the same for every host of a fleet). */
    public int port(String host) {
        return host(host).port;
    }

    /** {@code ROOT/hosts/<host>}. */
    public Path hostDir(String host) {
        return host(host).dir;
    }

    /**
     * The known_hosts line of a host with an sshd (also of an UNKNOWN_HOST_KEY one, to trust it
     * later).
     */
    public String knownHostsLine(String host) {
        HostRuntime h = host(host);
        Path pub = h.dir.resolve("ssh_host_ed25519_key.pub");
        if (!Files.exists(pub)) {
            throw new IllegalArgumentException(host + " has no host key (" + h.kind + ")");
        }
        String[] f = read(pub).trim().split("\\s+");
        String name = h.port == 22 ? h.address : "[" + h.address + "]:" + h.port;
        return name + " " + f[0] + " " + f[1];
    }

    // ------------------------------------------------------------------------------------------
    // observing and changing the hosts

    /**
     * Every shim invocation on the host so far, one line each ({@code systemctl ARGS...}, {@code
     * circusctl ARGS...}).
     */
    public List<String> calls(String host) {
        Path log = host(host).dir.resolve("state/calls.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties every host's calls.log. */
    public void clearCalls() {
        for (String h : hosts.keySet()) {
            clearCalls(h);
        }
    }

    /** Empties one host's calls.log. */
    public void clearCalls(String host) {
        Path log = host(host).dir.resolve("state/calls.log");
        if (Files.exists(log)) {
            write(log, new byte[0]);
        }
    }

    /** Sets a unit's runtime state (the unit file itself is left alone). */
    public void setUnitState(
            String host, String unit, String unitFileState, String activeState, String subState) {
        writeUnitState(host(host).dir, unit, unitFileState, activeState, subState);
    }

    /** Writes (or replaces) a unit file; with {@code content == null} removes it. */
    public void setUnitFile(String host, String unit, String content) {
        Path f = host(host).dir.resolve("units").resolve(checkName(unit));
        if (content == null) {
            delete(f);
        } else {
            write(f, content);
        }
    }

    /**
     * Sets (or replaces) the reply of the circusctl shim to {@code command} ({@code "status"},
     * {@code "--json status"}).
     */
    public void setReply(String host, String endpoint, String command, Reply reply) {
        Path dir = endpointDir(host(host).dir, endpoint);
        mkdirs(dir);
        writeReply(dir, command, reply);
    }

    /**
     * {@code first} for the next call of {@code command} alone, {@code then} for every call after
     * it.
     */
    public void setReplies(String host, String endpoint, String command, Reply first, Reply then) {
        Path dir = endpointDir(host(host).dir, endpoint);
        mkdirs(dir);
        writeReplyFiles(dir, replyKey(command) + ".then", then);
        writeReplyFiles(dir, replyKey(command), first);
    }

    /**
     * Removes one reply; the endpoint still answers (with circusctl's "unknown command" behaviour).
     */
    public void removeReply(String host, String endpoint, String command) {
        Path dir = endpointDir(host(host).dir, endpoint);
        String key = replyKey(command);
        for (String ext :
                List.of(
                        ".out",
                        ".exit",
                        ".err",
                        ".delay",
                        ".then.out",
                        ".then.exit",
                        ".then.err",
                        ".then.delay")) {
            delete(dir.resolve(key + ext));
        }
    }

    /** Makes an endpoint silent: every circusctl call to it then times out, like a dead circusd. */
    public void silenceEndpoint(String host, String endpoint) {
        deleteTree(endpointDir(host(host).dir, endpoint));
    }

    /**
     * Writes (or replaces) a circus.ini; with {@code content == null} deletes it, keeping its
     * folder.
     */
    public void writeCircusIni(String user, String host, String content) {
        Path ini = circusIni(user, host);
        mkdirs(ini.getParent());
        if (content == null) {
            delete(ini);
        } else {
            write(ini, content);
        }
    }

    /** Rewrites circus_users.yaml. */
    public void writeUsersFile(List<String> users) {
        writeUsers(root, users);
    }

    /**
     * Takes a host off the network: kills its sshd and every process of its sessions (a blackhole
     * stops accepting). Its address then refuses connections. See {@link #startHost}.
     */
    public void stopHost(String host) {
        HostRuntime h = host(host);
        switch (h.kind) {
            case NORMAL, UNKNOWN_HOST_KEY -> killSshd(h);
            case BLACKHOLE -> {
                if (h.blackhole == null) {
                    throw new UnsupportedOperationException(
                            "a blackhole of another fleet instance");
                }
                h.blackhole.close();
                h.blackhole = null;
            }
            case REFUSED -> {}
        }
    }

    /** Brings a stopped host back, with the same address, port and host key. */
    public void startHost(String host) {
        HostRuntime h = host(host);
        try {
            switch (h.kind) {
                case NORMAL, UNKNOWN_HOST_KEY -> {
                    if (sshdPid(h) != null) {
                        return;
                    }
                    launchSshd(h);
                    awaitSshd(h, Deadline.deadline(START_DEADLINE));
                }
                case BLACKHOLE -> {
                    if (h.blackhole == null) {
                        h.blackhole = new Blackhole(h.address, h.port);
                    }
                }
                case REFUSED -> throw new IllegalArgumentException(host + " is a REFUSED host");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives a host a new host key, as a reinstalled machine or an impostor would have: its sshd
     * restarts with a freshly generated key at the same address and port. {@link #knownHosts()}
     * keeps the old key; {@link #knownHostsLine} gives the new one.
     */
    public void changeHostKey(String host) {
        HostRuntime h = host(host);
        if (!h.hasSshd()) {
            throw new IllegalArgumentException(host + " has no sshd (" + h.kind + ")");
        }
        stopHost(host);
        Path key = h.dir.resolve("ssh_host_ed25519_key");
        delete(key);
        delete(h.dir.resolve("ssh_host_ed25519_key.pub"));
        try {
            awaitAll(List.of(keygen(key, h.name)), "ssh-keygen");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startHost(host);
    }

    /**
     * Freezes a host (SIGSTOP to its sshd and every process of its sessions): its address still
     * accepts TCP connections and its open sessions stay up, but nothing answers any more, as on a
     * hung machine. {@link #stopHost} and {@link #close} still end it.
     */
    public void freezeHost(String host) {
        Long pid = sshdPid(host(host));
        if (pid == null) {
            throw new IllegalStateException(host + " has no running sshd");
        }
        List<String> kill = new ArrayList<>(List.of("kill", "-STOP", pid.toString()));
        ProcessHandle.of(pid)
                .ifPresent(p -> p.descendants().forEach(d -> kill.add(Long.toString(d.pid()))));
        try {
            awaitAll(
                    List.of(new ProcessBuilder(kill).redirectErrorStream(true).start()),
                    "kill -STOP");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces a program in the host's {@code /usr/local/bin} (a shim, or a new one) with this
     * script, e.g. a systemctl that never answers: {@code "#!/bin/sh\nexec sleep 600\n"}.
     * {@code @STATE_DIR@} in the script is the host's {@code state/} directory, as in the shims.
     */
    public void setShim(String host, String program, String script) {
        HostRuntime h = host(host);
        Path f = h.dir.resolve("bin").resolve(checkName(program));
        write(f, script.replace("@STATE_DIR@", h.dir.resolve("state").toString()));
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The REAL OpenSSH client's argv to a host of this fleet, up to the host name: {@code ssh -F
     * sshConfig -o UserKnownHostsFile=knownHosts -o StrictHostKeyChecking=yes -o BatchMode=yes -T},
     * then {@code options}.
     */
    public List<String> sshArgv(String... options) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "ssh",
                                "-F",
                                sshConfig().toString(),
                                "-o",
                                "UserKnownHostsFile=" + knownHosts(),
                                "-o",
                                "GlobalKnownHostsFile=/dev/null",
                                "-o",
                                "StrictHostKeyChecking=yes",
                                "-o",
                                "BatchMode=yes",
                                "-T"));
        argv.addAll(List.of(options));
        return argv;
    }

    /**
     * {@code barnum.ssh.config-file=X} as the environment variable Quarkus reads: {@code
     * BARNUM_SSH_CONFIG_FILE=X}.
     */
    public static Map<String, String> environment(Map<String, String> config) {
        Map<String, String> env = new java.util.TreeMap<>();
        config.forEach(
                (key, value) ->
                        env.put(
                                key.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_"),
                                value));
        return env;
    }

    /** What {@link #ssh} returns. */
    public record SshResult(int exitCode, byte[] stdout, String stderr) {
        /** stdout as UTF-8 text. */
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs a command on a host with the REAL OpenSSH client: {@code ssh -F sshConfig -o
     * UserKnownHostsFile=knownHosts -o StrictHostKeyChecking=yes -o BatchMode=yes HOST COMMAND}.
     * The remote command goes through the login shell, as with any ssh.
     */
    public SshResult ssh(String host, String remoteCommand) {
        List<String> cmd = sshArgv("-o", "ConnectTimeout=3");
        cmd.addAll(List.of(host, remoteCommand));
        try {
            Path err = Files.createTempFile(root, "ssh-", ".err");
            try {
                Process p =
                        new ProcessBuilder(cmd)
                                .redirectInput(new File("/dev/null"))
                                .redirectError(err.toFile())
                                .start();
                byte[] out;
                try (InputStream in = p.getInputStream()) {
                    out = in.readAllBytes();
                }
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(
                            "ssh " + host + " " + remoteCommand + " did not end");
                }
                return new SshResult(p.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills every sshd of the fleet (with all their session processes) and deletes the root. A view
     * does nothing.
     */
    @Override
    public synchronized void close() {
        if (!owner || closed) {
            return;
        }
        closed = true;
        for (HostRuntime h : hosts.values()) {
            try {
                if (h.blackhole != null) {
                    h.blackhole.close();
                    h.blackhole = null;
                }
                killSshd(h);
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        deleteTree(root);
    }

    private HostRuntime host(String name) {
        HostRuntime h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException(
                    "no host " + name + " in this fleet " + hosts.keySet());
        }
        return h;
    }

    // ------------------------------------------------------------------------------------------
    // declaration

    /** Describes a fleet; {@link #start()} builds it. */
    public static final class Builder {
        private final List<String> users = new ArrayList<>();
        private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
        private final Map<List<String>, Optional<String>> inis = new LinkedHashMap<>();
        private final List<String> homes = new ArrayList<>();
        private int port = DEFAULT_PORT;

        private Builder() {}

        /** The users listed in circus_users.yaml (independent of units and homes). */
        public Builder users(String... names) {
            for (String u : names) {
                users.add(checkName(u));
            }
            return this;
        }

        /**
         * The SSH port of every host, default 2222; the next free one is taken when it is busy on a
         * fleet address.
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * {@code ROOT/users/<user>/circus/<host>/circus.ini} with this content; {@code null}: the
         * folder without a circus.ini.
         */
        public Builder circusIni(String user, String host, String content) {
            inis.put(List.of(checkName(user), checkName(host)), Optional.ofNullable(content));
            return this;
        }

        /** An empty {@code ROOT/users/<user>/circus}. */
        public Builder home(String user) {
            homes.add(checkName(user));
            return this;
        }

        /** A NORMAL host: sshd up, key known. */
        public Builder host(String name, Consumer<Host> spec) {
            return host(name, Kind.NORMAL, spec);
        }

        /** A host of any kind; REFUSED and BLACKHOLE hosts take no units or endpoints. */
        public Builder host(String name, Kind kind, Consumer<Host> spec) {
            checkName(name);
            if (hosts.containsKey(name)) {
                throw new IllegalArgumentException("host " + name + " declared twice");
            }
            Host h = new Host(name);
            if (spec != null) {
                spec.accept(h);
            }
            if ((kind == Kind.REFUSED || kind == Kind.BLACKHOLE)
                    && !(h.units.isEmpty() && h.endpoints.isEmpty())) {
                throw new IllegalArgumentException(
                        kind + " host " + name + " cannot have units or endpoints");
            }
            hosts.put(name, new HostSpec(name, kind, h));
            return this;
        }

        /** A host in ssh_config with nothing listening on its address. */
        public Builder refusedHost(String name) {
            return host(name, Kind.REFUSED, null);
        }

        /** A host whose sshd runs but whose key is not in known_hosts. */
        public Builder unknownHostKeyHost(String name, Consumer<Host> spec) {
            return host(name, Kind.UNKNOWN_HOST_KEY, spec);
        }

        /** A host whose address accepts TCP and never sends a byte. */
        public Builder blackholeHost(String name) {
            return host(name, Kind.BLACKHOLE, null);
        }

        /** Builds the fleet and starts its hosts; returns once every sshd accepts connections. */
        public TestFleet start() {
            try {
                return doStart();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private TestFleet doStart() throws IOException {
            reapStale();
            Path root = Files.createTempDirectory(ROOT_PREFIX);
            write(root.resolve("owner.pid"), ownerId(ProcessHandle.current().pid()) + "\n");
            Map<String, HostRuntime> runtimes = new LinkedHashMap<>();
            String user = System.getProperty("user.name");
            TestFleet fleet = new TestFleet(root, user, true, runtimes);
            try {
                for (HostSpec s : hosts.values()) {
                    String address = s.host.address != null ? s.host.address : nextAddress();
                    runtimes.put(
                            s.name,
                            new HostRuntime(
                                    s.name,
                                    s.kind,
                                    address,
                                    root.resolve("hosts").resolve(s.name)));
                }
                writeHomes(root);
                writeUsers(root, users);
                List<Process> keygens = new ArrayList<>();
                keygens.add(keygen(root.resolve("id_ed25519"), "barnum-test-client"));
                for (HostRuntime h : runtimes.values()) {
                    if (h.hasSshd()) {
                        mkdirs(h.dir);
                        keygens.add(keygen(h.dir.resolve("ssh_host_ed25519_key"), h.name));
                    }
                }
                for (HostRuntime h : runtimes.values()) {
                    writeHost(root, h, hosts.get(h.name));
                }
                awaitAll(keygens, "ssh-keygen");
                Files.copy(root.resolve("id_ed25519.pub"), root.resolve("authorized_keys"));
                mkdirs(Path.of("/run/sshd"));
                startAll(fleet, runtimes.values());
                writeClientFiles(fleet);
                return fleet;
            } catch (IOException | RuntimeException | Error e) {
                fleet.close();
                throw e;
            }
        }

        private void writeHomes(Path root) {
            mkdirs(root.resolve("users"));
            for (String u : homes) {
                mkdirs(root.resolve("users").resolve(u).resolve("circus"));
            }
            for (Map.Entry<List<String>, Optional<String>> e : inis.entrySet()) {
                Path dir =
                        root.resolve("users")
                                .resolve(e.getKey().get(0))
                                .resolve("circus")
                                .resolve(e.getKey().get(1));
                mkdirs(dir);
                e.getValue().ifPresent(content -> write(dir.resolve("circus.ini"), content));
            }
        }

        private void startAll(TestFleet fleet, java.util.Collection<HostRuntime> all)
                throws IOException {
            int candidate = port;
            for (int attempt = 0; attempt < 50; attempt++, candidate++) {
                if (candidate > 65535) {
                    candidate = 1024;
                }
                int p = candidate;
                boolean free = true;
                for (HostRuntime h : all) {
                    free &= portFree(h.address, p);
                }
                if (!free) {
                    continue;
                }
                // hundreds of sshds starting at once on two cores take their time
                Deadline deadline = Deadline.deadline(START_DEADLINE.plusMillis(100L * all.size()));
                try {
                    for (HostRuntime h : all) {
                        h.port = p;
                        writeSshdConfig(fleet.root, h);
                    }
                    for (HostRuntime h : all) {
                        if (h.kind == Kind.BLACKHOLE) {
                            h.blackhole = new Blackhole(h.address, p);
                        } else if (h.hasSshd()) {
                            launchSshd(h);
                        }
                    }
                    for (HostRuntime h : all) {
                        if (h.hasSshd()) {
                            awaitSshd(h, deadline);
                        }
                    }
                    return;
                } catch (PortClash | java.net.BindException e) {
                    // another fleet took the port meanwhile: everything down, next port
                    for (HostRuntime h : all) {
                        if (h.blackhole != null) {
                            h.blackhole.close();
                            h.blackhole = null;
                        }
                        killSshd(h);
                    }
                }
            }
            throw new IllegalStateException(
                    "no free SSH port from " + port + " on the fleet's addresses");
        }
    }

    /** The units and circus endpoints of one host. */
    public static final class Host {
        private final String name;
        private String address;
        private final Map<String, UnitSpec> units = new LinkedHashMap<>();
        private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

        private Host(String name) {
            this.name = name;
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
                    new UnitSpec(unitName, content, unitFileState, activeState, subState));
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
            replyKey(command);
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
    }

    /**
     * One canned circusctl reply: exact stdout and stderr bytes, the exit code and an optional
     * delay before answering (for timeouts).
     */
    public record Reply(byte[] stdout, int exitCode, byte[] stderr, Duration delay) {
        public Reply {
            stdout = stdout == null ? new byte[0] : stdout;
            stderr = stderr == null ? new byte[0] : stderr;
        }

        /** stdout, exit 0. */
        public static Reply of(String stdout) {
            return of(stdout, 0, "");
        }

        /** stdout, exit code, stderr. */
        public static Reply of(String stdout, int exitCode, String stderr) {
            return new Reply(
                    stdout.getBytes(StandardCharsets.UTF_8),
                    exitCode,
                    stderr.getBytes(StandardCharsets.UTF_8),
                    null);
        }

        /** The captured case {@code fixtures/circusctl/NAME}. */
        public static Reply fixture(String name) {
            return CircusctlCase.load(name).reply();
        }

        /**
         * stdout from a test-classpath resource (e.g. {@code
         * testfleet/seed/host1-user1-status.txt}), exit 0.
         */
        public static Reply resource(String path) {
            return new Reply(CircusctlCase.resource(path), 0, null, null);
        }

        /** The same reply after a delay. */
        public Reply delayed(Duration d) {
            return new Reply(stdout, exitCode, stderr, d);
        }
    }

    private record HostSpec(String name, Kind kind, Host host) {}

    private record UnitSpec(
            String name,
            String content,
            String unitFileState,
            String activeState,
            String subState) {}

    // ------------------------------------------------------------------------------------------
    // files

    /** {@code circus_<user>_<host>.service}. */
    public static String unitName(String user, String host) {
        return "circus_" + user + "_" + host + ".service";
    }

    /** The unit file of a circusd for {@code user} on {@code host}. */
    public static String standardUnitFile(String user, String host, boolean withUserLine) {
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

    /**
     * The file name the circusctl shim looks up for a command ({@code "--json status x"} is {@code
     * json-status-x}).
     */
    public static String replyKey(String command) {
        List<String> words = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        boolean json = false;
        if (!words.isEmpty() && words.get(0).equals("--json")) {
            json = true;
            words.remove(0);
        }
        if (words.isEmpty() || words.get(0).isEmpty()) {
            throw new IllegalArgumentException("no circusctl command in '" + command + "'");
        }
        String key = UNSAFE_KEY_CHARS.matcher(String.join("-", words)).replaceAll("_");
        return (json ? "json-" : "") + key;
    }

    private static Path endpointDir(Path hostDir, String endpoint) {
        return hostDir.resolve("state/circus")
                .resolve(UNSAFE_ENDPOINT_CHARS.matcher(endpoint).replaceAll("_"));
    }

    private static void writeReply(Path dir, String command, Reply r) {
        writeReplyFiles(dir, replyKey(command), r);
    }

    private static void writeReplyFiles(Path dir, String key, Reply r) {
        for (String ext : List.of(".exit", ".err", ".delay")) {
            delete(dir.resolve(key + ext));
        }
        if (r.exitCode() != 0) {
            write(dir.resolve(key + ".exit"), r.exitCode() + "\n");
        }
        if (r.stderr().length > 0) {
            write(dir.resolve(key + ".err"), r.stderr());
        }
        if (r.delay() != null) {
            write(
                    dir.resolve(key + ".delay"),
                    String.format(java.util.Locale.ROOT, "%.3f%n", r.delay().toMillis() / 1000.0));
        }
        write(dir.resolve(key + ".out"), r.stdout());
    }

    private static void writeUnitState(
            Path hostDir, String unit, String ufs, String active, String sub) {
        Path dir = hostDir.resolve("state/units");
        mkdirs(dir);
        write(
                dir.resolve(checkName(unit)),
                "UnitFileState=" + ufs + "\nActiveState=" + active + "\nSubState=" + sub + "\n");
    }

    private static void writeUsers(Path root, List<String> users) {
        StringBuilder b = new StringBuilder("---\n\n");
        if (users.isEmpty()) {
            b.append("[]\n");
        }
        for (String u : users) {
            b.append("- ").append(u).append('\n');
        }
        write(root.resolve("circus_users.yaml"), b.toString());
    }

    private static void writeHost(Path root, HostRuntime h, HostSpec spec) throws IOException {
        mkdirs(h.dir);
        if (!h.hasSshd()) {
            return;
        }
        Path bin = h.dir.resolve("bin");
        Path units = h.dir.resolve("units");
        Path state = h.dir.resolve("state");
        for (Path d :
                List.of(
                        bin,
                        units,
                        state.resolve("units"),
                        state.resolve("circus"),
                        state.resolve("circusctl"))) {
            mkdirs(d);
        }
        write(state.resolve("calls.log"), new byte[0]);
        write(h.dir.resolve("bashrc"), new byte[0]);
        for (String shim : List.of("systemctl", "circusctl")) {
            String text =
                    new String(CircusctlCase.resource("testfleet/" + shim), StandardCharsets.UTF_8);
            Path f = bin.resolve(shim);
            write(f, text.replace("@STATE_DIR@", state.toString()));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path data = state.resolve("circusctl");
        write(data.resolve("help.txt"), CircusctlCase.load("help").stdout());
        write(data.resolve("help-status.txt"), CircusctlCase.load("help-status").stdout());
        write(data.resolve("timed-out.err"), CircusctlCase.load("status-endpoint-down").stderr());
        write(data.resolve("version.txt"), "circusctl 0.19.0\n");
        String usage = CircusctlCase.load("unknown-command").err();
        String suffix = "unrecognized arguments: bogus\n";
        if (!usage.endsWith(suffix)) {
            throw new IllegalStateException("unexpected fixture unknown-command.meta: " + usage);
        }
        write(
                data.resolve("usage-error-prefix"),
                usage.substring(0, usage.length() - suffix.length()));
        for (UnitSpec u : spec.host.units.values()) {
            write(units.resolve(u.name()), u.content());
            writeUnitState(h.dir, u.name(), u.unitFileState(), u.activeState(), u.subState());
        }
        for (Endpoint e : spec.host.endpoints.values()) {
            Path dir = endpointDir(h.dir, e.endpoint);
            mkdirs(dir);
            for (Map.Entry<String, Reply> r : e.replies.entrySet()) {
                writeReply(dir, r.getKey(), r.getValue());
            }
        }
    }

    private static void writeSshdConfig(Path root, HostRuntime h) {
        if (!h.hasSshd()) {
            return;
        }
        write(
                h.dir.resolve("sshd_config"),
                String.join(
                        "\n",
                        "# sshd of simulated host " + h.name,
                        "ListenAddress " + h.address + ":" + h.port,
                        "HostKey " + h.dir.resolve("ssh_host_ed25519_key"),
                        "PidFile " + h.dir.resolve("sshd.pid"),
                        "AuthorizedKeysFile " + root.resolve("authorized_keys"),
                        "PermitRootLogin prohibit-password",
                        "PubkeyAuthentication yes",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "UsePAM no",
                        "StrictModes no",
                        "UseDNS no",
                        "PrintMotd no",
                        "PrintLastLog no",
                        "X11Forwarding no",
                        "LogLevel ERROR",
                        "MaxStartups 100:30:200",
                        "MaxSessions 50",
                        ""));
    }

    private static void writeClientFiles(TestFleet fleet) {
        StringBuilder cfg = new StringBuilder();
        StringBuilder known = new StringBuilder();
        Properties p = new Properties();
        p.setProperty("user", fleet.user);
        p.setProperty("hosts", String.join(",", fleet.hosts.keySet()));
        for (HostRuntime h : fleet.hosts.values()) {
            cfg.append("Host ")
                    .append(h.name)
                    .append('\n')
                    .append("    HostName ")
                    .append(h.address)
                    .append('\n')
                    .append("    Port ")
                    .append(h.port)
                    .append('\n')
                    .append("    User ")
                    .append(fleet.user)
                    .append('\n')
                    .append("    IdentityFile ")
                    .append(fleet.identityFile())
                    .append('\n')
                    .append('\n');
            if (h.kind == Kind.NORMAL) {
                known.append(fleet.knownHostsLine(h.name)).append('\n');
            }
            p.setProperty("host." + h.name + ".kind", h.kind.name());
            p.setProperty("host." + h.name + ".address", h.address);
            p.setProperty("host." + h.name + ".port", Integer.toString(h.port));
        }
        write(fleet.sshConfig(), cfg.toString());
        write(fleet.knownHosts(), known.toString());
        StringBuilder props = new StringBuilder();
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            props.append(k).append('=').append(p.getProperty(k)).append('\n');
        }
        write(fleet.root.resolve("fleet.properties"), props.toString());
    }

    // ------------------------------------------------------------------------------------------
    // processes

    private static final class HostRuntime {
        final String name;
        final Kind kind;
        final String address;
        final Path dir;
        volatile int port;
        volatile Process process;
        volatile Blackhole blackhole;

        HostRuntime(String name, Kind kind, String address, Path dir) {
            this.name = name;
            this.kind = kind;
            this.address = address;
            this.dir = dir;
        }

        boolean hasSshd() {
            return kind == Kind.NORMAL || kind == Kind.UNKNOWN_HOST_KEY;
        }
    }

    private static final class PortClash extends IOException {
        PortClash(String message) {
            super(message);
        }
    }

    private static void launchSshd(HostRuntime h) throws IOException {
        Path home = Path.of(System.getProperty("user.home"));
        Path bashrc = home.resolve(".bashrc");
        // a private mount namespace (util-linux makes its mounts private), own hostname, and a PID
        // namespace whose init is sshd: killing sshd kills every process of the host's sessions.
        String script =
                "mount --bind "
                        + q(h.dir.resolve("bin"))
                        + " /usr/local/bin"
                        + " && mount --bind "
                        + q(h.dir.resolve("units"))
                        + " /etc/systemd/system"
                        // the host's own clean ~/.bashrc: the test machine's one has nothing to do
                        // there
                        + (Files.isRegularFile(bashrc)
                                ? " && mount --bind " + q(h.dir.resolve("bashrc")) + " " + q(bashrc)
                                : "")
                        + " && hostname "
                        + q(h.name)
                        + " && exec /usr/sbin/sshd -D -e -f "
                        + q(h.dir.resolve("sshd_config"));
        Path log = h.dir.resolve("sshd.log");
        delete(h.dir.resolve("sshd.pid"));
        delete(h.dir.resolve("host.pid"));
        h.process =
                new ProcessBuilder(
                                "unshare",
                                "--fork",
                                "--pid",
                                "--kill-child",
                                "--mount",
                                "--uts",
                                "sh",
                                "-c",
                                script)
                        .redirectInput(new File("/dev/null"))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
    }

    private static void awaitSshd(HostRuntime h, Deadline deadline) throws IOException {
        Process p = h.process;
        while (true) {
            if (!p.isAlive()) {
                String log =
                        Files.exists(h.dir.resolve("sshd.log"))
                                ? read(h.dir.resolve("sshd.log"))
                                : "";
                if (log.contains("Address already in use")
                        || log.contains("Cannot bind any address")) {
                    throw new PortClash(h.address + ":" + h.port + " is busy");
                }
                throw new IllegalStateException(
                        "sshd of " + h.name + " exited with " + p.exitValue() + ": " + log);
            }
            if (sshBanner(h.address, h.port)) {
                break;
            }
            if (deadline.passed()) {
                throw new IllegalStateException(
                        "sshd of "
                                + h.name
                                + " does not accept connections on "
                                + h.address
                                + ":"
                                + h.port
                                + " after "
                                + deadline.length());
            }
            pause(20);
        }
        // the namespace's init (sh, exec'ed into sshd) is unshare's only child
        Long pid = null;
        while (pid == null) {
            Optional<ProcessHandle> child = p.toHandle().children().findFirst();
            if (child.isPresent()) {
                pid = child.get().pid();
            } else if (deadline.passed() || !p.isAlive()) {
                throw new IllegalStateException("sshd of " + h.name + " has no process");
            } else {
                pause(10);
            }
        }
        write(h.dir.resolve("host.pid"), pid + "\n");
    }

    /** Whether something on address:port speaks SSH (sends its "SSH-" banner). */
    private static boolean sshBanner(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 500);
            s.setSoTimeout(2000);
            byte[] b = s.getInputStream().readNBytes(4);
            return Arrays.equals(b, "SSH-".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    /** The pid (in our PID namespace) of the host's sshd, if it runs. */
    private static Long sshdPid(HostRuntime h) {
        Path f = h.dir.resolve("host.pid");
        if (!Files.exists(f)) {
            return null;
        }
        long pid;
        try {
            pid = Long.parseLong(read(f).trim());
        } catch (RuntimeException e) {
            return null;
        }
        return isOurSshd(pid, h.dir) ? pid : null;
    }

    private static boolean isOurSshd(long pid, Path hostDir) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String c = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
            return c.contains("sshd") && c.contains(hostDir.resolve("sshd_config").toString());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Kills a host's sshd: as init of the host's PID namespace, its death takes every session
     * process along.
     */
    private static void killSshd(HostRuntime h) {
        List<ProcessHandle> inits = new ArrayList<>();
        Long pid = sshdPid(h);
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(inits::add);
        }
        Process p = h.process;
        if (p != null) {
            p.toHandle().children().forEach(inits::add);
        }
        // the init first (unshare, its parent, reaps it), then unshare
        for (ProcessHandle ph : inits) {
            ph.destroyForcibly();
        }
        for (ProcessHandle ph : inits) {
            awaitExit(ph);
        }
        if (p != null) {
            if (p.isAlive()) {
                // --kill-child takes a child along that was not there a moment ago
                p.destroyForcibly();
            }
            awaitExit(p.toHandle());
            h.process = null;
        }
        delete(h.dir.resolve("host.pid"));
    }

    private static void awaitExit(ProcessHandle ph) {
        try {
            ph.onExit().get(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // best effort
        }
    }

    private static Process keygen(Path key, String comment) throws IOException {
        mkdirs(key.getParent());
        return new ProcessBuilder(
                        "ssh-keygen",
                        "-q",
                        "-t",
                        "ed25519",
                        "-N",
                        "",
                        "-C",
                        comment,
                        "-f",
                        key.toString())
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitAll(List<Process> processes, String what) throws IOException {
        for (Process p : processes) {
            try {
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(what + " did not end");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(what + " failed: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A TCP port free on 127.0.0.1 just now, for a server a test starts. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean portFree(String address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Addresses of fleets without fixed addresses: 127.P.x.y with P = 1 + pid % 250, so that fleets
     * of concurrent test JVMs rarely meet (a clash only moves the port).
     */
    private static String nextAddress() {
        int n = NEXT_ADDRESS.getAndIncrement();
        long second = 1 + ProcessHandle.current().pid() % 250;
        return "127." + second + "." + (n / 250) + "." + (1 + n % 250);
    }

    /**
     * Kills the sshds of fleets whose JVM died without closing them (kill -9, crash) and deletes
     * their roots.
     */
    private static void reapStale() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> roots;
        try (Stream<Path> s = Files.list(tmp)) {
            roots = s.filter(p -> p.getFileName().toString().startsWith(ROOT_PREFIX)).toList();
        } catch (IOException e) {
            return;
        }
        for (Path r : roots) {
            try {
                Path ownerFile = r.resolve("owner.pid");
                if (!Files.exists(ownerFile)) {
                    continue;
                }
                String owner = read(ownerFile).trim();
                if (owner.equals(ownerId(Long.parseLong(owner.split(" ")[0])))) {
                    continue;
                }
                Path hostsDir = r.resolve("hosts");
                if (Files.isDirectory(hostsDir)) {
                    try (Stream<Path> hs = Files.list(hostsDir)) {
                        for (Path hd : hs.toList()) {
                            HostRuntime h =
                                    new HostRuntime(
                                            hd.getFileName().toString(), Kind.NORMAL, "", hd);
                            killSshd(h);
                        }
                    }
                }
                deleteTree(r);
            } catch (IOException | RuntimeException e) {
                // someone else's business
            }
        }
    }

    /**
     * "PID STARTTIME" of a live process (start time in clock ticks after boot, field 22 of
     * /proc/PID/stat), "PID gone" for a dead or zombie one: tells a live owner from a reused pid.
     */
    private static String ownerId(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state), so field 22 (starttime) is f[19]
            return f[0].equals("Z") || f[0].equals("X") ? pid + " gone" : pid + " " + f[19];
        } catch (IOException | RuntimeException e) {
            return pid + " gone";
        }
    }

    /** A socket that accepts connections and never answers. */
    private static final class Blackhole {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        Blackhole(String address, int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port), 200);
            Thread t = new Thread(this::acceptLoop, "blackhole-" + address + ":" + port);
            t.setDaemon(true);
            t.start();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    accepted.add(server.accept());
                } catch (SocketTimeoutException e) {
                    // keep accepting
                } catch (IOException e) {
                    return;
                }
            }
        }

        void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closed anyway
            }
            for (Socket s : accepted) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closed anyway
                }
            }
            accepted.clear();
        }
    }

    /** A deadline on the monotonic clock. */
    private record Deadline(long nanos, Duration length) {
        static Deadline deadline(Duration d) {
            return new Deadline(System.nanoTime() + d.toNanos(), d);
        }

        boolean passed() {
            return System.nanoTime() - nanos > 0;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // small file helpers

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a usable name: '" + name + "'");
        }
        return name;
    }

    private static String q(Path p) {
        return q(p.toString());
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        write(p, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path p, byte[] bytes) {
        try {
            Files.createDirectories(p.getParent());
            try (OutputStream out =
                    Files.newOutputStream(
                            p,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = new ArrayList<>(s.toList());
            Collections.sort(all, Comparator.reverseOrder());
            for (Path x : all) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
