package dev.barnum.testfleet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A running fleet of simulated hosts for integration tests: one REAL OpenSSH server per host on its
 * own loopback address, whose {@code systemctl} and {@code circusctl} are shims (see {@link
 * SshdProcesses} for how a host runs, {@link FleetLayout} for its files). Needs root, {@code
 * /usr/sbin/sshd}, {@code ssh-keygen} and util-linux {@code unshare}. A fleet is declared by a
 * {@link FleetSpec} and started from it; this handle says where everything is, what the shims were
 * asked, and changes the running hosts. A fleet that several test classes share is handed out
 * {@link #shared()}: it changes only within {@link #changes()}, which puts back what it changed.
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

    private final FleetLayout layout;
    private final SshdProcesses sshds;
    private final String user;
    private final boolean owner;
    private final boolean shared;
    private final Map<String, HostRuntime> hosts;
    private volatile boolean closed;

    /** {@code barnum.circus.transport} (a view of a fleet started elsewhere: circusctl). */
    private volatile String transport = "circusctl";

    private TestFleet(
            FleetLayout layout,
            String user,
            boolean owner,
            boolean shared,
            Map<String, HostRuntime> hosts) {
        this.layout = layout;
        this.sshds = new SshdProcesses(layout);
        this.user = user;
        this.owner = owner;
        this.shared = shared;
        this.hosts = hosts;
    }

    /** A new, empty fleet description. */
    public static FleetSpec builder() {
        return new FleetSpec();
    }

    /**
     * Two hosts of user1: {@code good}, whose circusd answers {@code status} with one active
     * watcher {@code web}, and {@code hole}, which accepts TCP and never speaks SSH (a probe of it
     * lasts its whole connect timeout).
     */
    public static FleetSpec answeringAndSilent() {
        String ini = "[circus]\nendpoint = tcp://127.0.0.1:5555\n";
        String status =
                "{\"status\": \"ok\", \"time\": 1795574713.110371, \"statuses\": {\"web\":"
                        + " \"active\"}, \"id\": \"x\"}\n";
        return builder()
                .users("user1")
                .circusIni("user1", "good", ini)
                .host(
                        "good",
                        h ->
                                h.unit("user1", "enabled", "active", "running")
                                        .endpoint(
                                                "tcp://127.0.0.1:5555",
                                                e -> e.reply("--json status", status)))
                .circusIni("user1", "hole", ini)
                .blackholeHost("hole");
    }

    /** Builds the declared fleet under a new root and starts its hosts. */
    static TestFleet start(FleetSpec spec) {
        FleetLayout layout = new FleetLayout(FleetRoots.create());
        Map<String, HostRuntime> runtimes = new LinkedHashMap<>();
        for (FleetSpec.Host h : spec.hosts()) {
            String address =
                    h.fixedAddress() != null ? h.fixedAddress() : SshdProcesses.nextAddress();
            HostRuntime runtime =
                    new HostRuntime(h.name(), h.kind(), address, layout.hostDir(h.name()));
            runtime.sshdOptions = h.sshdOptions();
            runtimes.put(h.name(), runtime);
        }
        TestFleet fleet =
                new TestFleet(layout, System.getProperty("user.name"), true, false, runtimes);
        fleet.transport = spec.circusTransport();
        try {
            layout.writeHomes(spec);
            layout.writeUsers(spec.users());
            List<Process> keygens = fleet.sshds.startKeygens(runtimes.values());
            spec.hosts().forEach(layout::writeHost);
            fleet.sshds.awaitKeygens(keygens);
            fleet.sshds.startAll(runtimes.values(), spec.port());
            ClientFiles.write(layout, fleet.user, runtimes.values());
            return fleet;
        } catch (RuntimeException | Error e) {
            fleet.close();
            throw e;
        }
    }

    /**
     * A view on a fleet started elsewhere in this JVM (for instance by a test resource loaded in
     * another class loader), from its {@link #root()}. Everything works through files, except that
     * a blackhole host cannot be stopped or started; {@link #close()} of a view does nothing.
     */
    public static TestFleet attach(Path root) {
        FleetLayout layout = new FleetLayout(root);
        ClientFiles.Attached attached = ClientFiles.read(layout);
        return new TestFleet(layout, attached.user(), false, false, attached.hosts());
    }

    /**
     * This fleet as the test classes that share it see it: everything but {@link #close()}, and
     * changes to the hosts only within {@link #changes()}, so that none is left behind for the next
     * test; the other setters refuse.
     */
    public TestFleet shared() {
        return new TestFleet(layout, user, false, true, hosts);
    }

    // ------------------------------------------------------------------------------------------
    // paths and configuration

    /** The temporary root of everything this fleet wrote. */
    public Path root() {
        return layout.root();
    }

    /** {@code ROOT/circus_users.yaml}. */
    public Path usersFile() {
        return layout.usersFile();
    }

    /** {@code ROOT/users/{user}/circus}, the value of {@code barnum.homes}. */
    public String homesTemplate() {
        return layout.homesTemplate();
    }

    /** {@code ROOT/users/<user>/circus}. */
    public Path home(String user) {
        return layout.home(user);
    }

    /** {@code ROOT/users/<user>/circus/<host>/circus.ini}. */
    public Path circusIni(String user, String host) {
        return layout.circusIni(user, host);
    }

    /**
     * The OpenSSH client config: {@code Host}, {@code HostName}, {@code Port}, {@code User}, {@code
     * IdentityFile} per host.
     */
    public Path sshConfig() {
        return layout.sshConfig();
    }

    /** Host keys of the NORMAL hosts, as {@code [127.0.0.K]:PORT ssh-ed25519 ...}. */
    public Path knownHosts() {
        return layout.knownHosts();
    }

    /** The client's private key (ed25519, no passphrase), authorized on every host. */
    public Path identityFile() {
        return layout.identityFile();
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
        c.put("barnum.circus.transport", transport);
        return c;
    }

    /**
     * {@code barnum.ssh.config-file=X} as the environment variable Quarkus reads: {@code
     * BARNUM_SSH_CONFIG_FILE=X}.
     */
    public static Map<String, String> environment(Map<String, String> config) {
        Map<String, String> env = new TreeMap<>();
        config.forEach(
                (key, value) ->
                        env.put(key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"), value));
        return env;
    }

    /** The host names, in declaration order. */
    public List<String> hosts() {
        return List.copyOf(hosts.keySet());
    }

    /** What the host's address does. */
    public HostKind kind(String host) {
        return requireHost(host).kind;
    }

    /** The host's loopback address, e.g. {@code 127.0.0.11}. */
    public String address(String host) {
        return requireHost(host).address;
    }

    /** The host's SSH port (the same for every host of a fleet). */
    public int port(String host) {
        return requireHost(host).port;
    }

    /** {@code ROOT/hosts/<host>}. */
    public Path hostDir(String host) {
        return requireHost(host).dir;
    }

    /**
     * The known_hosts line of a host with an sshd (also of an UNKNOWN_HOST_KEY one, to trust it
     * later).
     */
    public String knownHostsLine(String host) {
        return SshdProcesses.knownHostsLine(requireHost(host));
    }

    /** A TCP port free on 127.0.0.1 just now, for a server a test starts. */
    public static int freePort() throws IOException {
        return SshdProcesses.freePort();
    }

    // ------------------------------------------------------------------------------------------
    // what the hosts were asked

    /**
     * Every shim invocation on the host so far, one line each ({@code systemctl ARGS...}, {@code
     * circusctl ARGS...}).
     */
    public List<String> calls(String host) {
        requireHost(host);
        return layout.calls(host);
    }

    /** Empties every host's calls.log. */
    public void clearCalls() {
        hosts.keySet().forEach(layout::clearCalls);
    }

    /** Empties one host's calls.log. */
    public void clearCalls(String host) {
        requireHost(host);
        layout.clearCalls(host);
    }

    /**
     * The host's sshd processes serving SSH connections now (one or two per connection: privilege
     * separation); empty when nobody is connected. Not the processes its sessions' commands left
     * behind.
     */
    public List<ProcessHandle> sshSessions(String host) {
        return SshdProcesses.sessions(requireHost(host));
    }

    /** Connections a BLACKHOLE host of this fleet instance has accepted since it started. */
    public int blackholeConnections(String host) {
        Blackhole hole = requireHost(host).blackhole;
        if (hole == null) {
            throw new IllegalStateException(host + " is no blackhole running in this JVM");
        }
        return hole.accepted();
    }

    // ------------------------------------------------------------------------------------------
    // changing the hosts

    /**
     * Changes that last until they are closed, whatever the test did meanwhile; see {@link
     * FleetChanges}.
     */
    public FleetChanges changes() {
        return new FleetChanges(this, layout, sshds);
    }

    /** Sets a unit's runtime state (the unit file itself is left alone). */
    public void setUnitState(
            String host, String unit, String unitFileState, String activeState, String subState) {
        requireOwn(host);
        layout.writeUnitState(host, unit, unitFileState, activeState, subState);
    }

    /**
     * Sets (or replaces) the reply of the circusctl shim to {@code command} ({@code "status"},
     * {@code "--json status"}).
     */
    public void setReply(String host, String endpoint, String command, Reply reply) {
        requireOwn(host);
        layout.writeReply(host, endpoint, command, reply);
    }

    /** Makes an endpoint silent: every circusctl call to it then times out, like a dead circusd. */
    public void silenceEndpoint(String host, String endpoint) {
        requireOwn(host);
        layout.silenceEndpoint(host, endpoint);
    }

    /**
     * Replaces a program in the host's {@code /usr/local/bin} (a shim, or a new one) with this
     * script, e.g. a systemctl that never answers: {@code "#!/bin/sh\nexec sleep 600\n"}.
     * {@code @STATE_DIR@} in the script is the host's {@code state/} directory, as in the shims.
     */
    public void setShim(String host, String program, String script) {
        requireOwn(host);
        layout.writeShim(host, program, script);
    }

    /**
     * Takes a host off the network: kills its sshd and every process of its sessions (a blackhole
     * stops accepting). Its address then refuses connections. See {@link #startHost}.
     */
    public void stopHost(String host) {
        sshds.stop(requireOwn(host));
    }

    /** Brings a stopped host back, with the same address, port and host key. */
    public void startHost(String host) {
        sshds.start(requireOwn(host));
    }

    /**
     * Gives a host a new host key, as a reinstalled machine or an impostor would have: its sshd
     * restarts with a freshly generated key at the same address and port. {@link #knownHosts()}
     * keeps the old key; {@link #knownHostsLine} gives the new one.
     */
    public void changeHostKey(String host) {
        sshds.rekey(requireOwn(host));
    }

    /**
     * Freezes a host (SIGSTOP to its sshd and every process of its sessions): its address still
     * accepts TCP connections and its open sessions stay up, but nothing answers any more, as on a
     * hung machine. {@link #stopHost} and {@link #close} still end it.
     */
    public void freezeHost(String host) {
        sshds.freeze(requireOwn(host));
    }

    // ------------------------------------------------------------------------------------------
    // the real OpenSSH client

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
            Path err = Files.createTempFile(root(), "ssh-", ".err");
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

    // ------------------------------------------------------------------------------------------

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
                SshdProcesses.close(h);
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        FleetFiles.deleteTree(root());
    }

    /** The host, when this handle may change it outside {@link #changes()}. */
    private HostRuntime requireOwn(String host) {
        if (shared) {
            throw new UnsupportedOperationException(
                    "a shared fleet changes only within changes(), which puts back what it"
                            + " changed; not "
                            + host);
        }
        return requireHost(host);
    }

    HostRuntime requireHost(String name) {
        HostRuntime h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException(
                    "no host " + name + " in this fleet " + hosts.keySet());
        }
        return h;
    }
}
