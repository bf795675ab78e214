package dev.barnum.testfleet;

import static dev.barnum.testfleet.FleetFiles.delete;
import static dev.barnum.testfleet.FleetFiles.mkdirs;
import static dev.barnum.testfleet.FleetFiles.read;
import static dev.barnum.testfleet.FleetFiles.write;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The processes that stand for a fleet's hosts: one real OpenSSH server per host on its own
 * loopback address, in private mount, UTS and PID namespaces ({@code unshare}) where the host's
 * shims are bound on {@code /usr/local/bin}, its unit files on {@code /etc/systemd/system}, and the
 * hostname is the host's name; a {@link Blackhole} for a BLACKHOLE host. Each sshd keeps its {@code
 * sshd_config}, host key, {@code sshd.log} and pid files in the host's folder.
 */
final class SshdProcesses {

    static final Duration START_DEADLINE = Duration.ofSeconds(20);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final String HOST_KEY = "ssh_host_ed25519_key";
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger();

    private final FleetLayout layout;

    SshdProcesses(FleetLayout layout) {
        this.layout = layout;
    }

    // ------------------------------------------------------------------------------------------
    // keys

    /** Starts ssh-keygen for the client's key and for every sshd's host key, side by side. */
    List<Process> startKeygens(Collection<HostRuntime> hosts) {
        List<Process> keygens = new ArrayList<>();
        keygens.add(keygen(layout.identityFile(), "barnum-test-client"));
        for (HostRuntime h : hosts) {
            if (h.kind.hasSshd()) {
                keygens.add(keygen(h.dir.resolve(HOST_KEY), h.name));
            }
        }
        return keygens;
    }

    /** Waits for {@link #startKeygens}; then every sshd authorizes the client's key. */
    void awaitKeygens(List<Process> keygens) {
        awaitAll(keygens, "ssh-keygen");
        try {
            Files.copy(Path.of(layout.identityFile() + ".pub"), layout.authorizedKeys());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The known_hosts line of a host with an sshd (also of an UNKNOWN_HOST_KEY one, to trust it
     * later).
     */
    static String knownHostsLine(HostRuntime h) {
        Path pub = h.dir.resolve(HOST_KEY + ".pub");
        if (!Files.exists(pub)) {
            throw new IllegalArgumentException(h.name + " has no host key (" + h.kind + ")");
        }
        String[] f = read(pub).trim().split("\\s+");
        String name = h.port == 22 ? h.address : "[" + h.address + "]:" + h.port;
        return name + " " + f[0] + " " + f[1];
    }

    // ------------------------------------------------------------------------------------------
    // the whole fleet

    /**
     * Starts every host on one port, the first from {@code firstPort} on that is free on every
     * address; returns once every sshd accepts connections.
     */
    void startAll(Collection<HostRuntime> all, int firstPort) {
        mkdirs(Path.of("/run/sshd"));
        int candidate = firstPort;
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
            Deadline deadline = Deadline.of(START_DEADLINE.plusMillis(100L * all.size()));
            try {
                for (HostRuntime h : all) {
                    h.port = p;
                    writeSshdConfig(h);
                }
                for (HostRuntime h : all) {
                    if (h.kind == HostKind.BLACKHOLE) {
                        h.blackhole = new Blackhole(h.address, p);
                    } else if (h.kind.hasSshd()) {
                        launch(h);
                    }
                }
                for (HostRuntime h : all) {
                    if (h.kind.hasSshd()) {
                        awaitSshd(h, deadline);
                    }
                }
                return;
            } catch (PortClash | BindException e) {
                // another fleet took the port meanwhile: everything down, next port
                all.forEach(SshdProcesses::close);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException(
                "no free SSH port from " + firstPort + " on the fleet's addresses");
    }

    /** Ends what stands for the host, whatever its kind. */
    static void close(HostRuntime h) {
        if (h.blackhole != null) {
            h.blackhole.close();
            h.blackhole = null;
        }
        kill(h);
    }

    // ------------------------------------------------------------------------------------------
    // one host

    /**
     * Takes a host off the network: kills its sshd and every process of its sessions (a blackhole
     * stops accepting).
     */
    void stop(HostRuntime h) {
        switch (h.kind) {
            case NORMAL, UNKNOWN_HOST_KEY -> kill(h);
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
    void start(HostRuntime h) {
        try {
            switch (h.kind) {
                case NORMAL, UNKNOWN_HOST_KEY -> {
                    if (sshdPid(h) != null) {
                        return;
                    }
                    launch(h);
                    awaitSshd(h, Deadline.of(START_DEADLINE));
                }
                case BLACKHOLE -> {
                    if (h.blackhole == null) {
                        h.blackhole = new Blackhole(h.address, h.port);
                    }
                }
                case REFUSED -> throw new IllegalArgumentException(h.name + " is a REFUSED host");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restarts the host's sshd with a freshly generated host key. */
    void rekey(HostRuntime h) {
        if (!h.kind.hasSshd()) {
            throw new IllegalArgumentException(h.name + " has no sshd (" + h.kind + ")");
        }
        stop(h);
        Path key = h.dir.resolve(HOST_KEY);
        delete(key);
        delete(h.dir.resolve(HOST_KEY + ".pub"));
        awaitAll(List.of(keygen(key, h.name)), "ssh-keygen");
        start(h);
    }

    /**
     * The processes of the host's sshd that serve connections now (privilege separation makes one
     * or two per connection); not what the sessions' commands left behind.
     */
    static List<ProcessHandle> sessions(HostRuntime h) {
        Long pid = sshdPid(h);
        if (pid == null) {
            return List.of();
        }
        return ProcessHandle.of(pid)
                .map(
                        sshd ->
                                sshd.descendants()
                                        .filter(
                                                p ->
                                                        p.info()
                                                                .command()
                                                                .orElse("")
                                                                .endsWith("/sshd"))
                                        .toList())
                .orElse(List.of());
    }

    /** SIGSTOP to the host's sshd and every process of its sessions. */
    void freeze(HostRuntime h) {
        Long pid = sshdPid(h);
        if (pid == null) {
            throw new IllegalStateException(h.name + " has no running sshd");
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
     * Kills a host's sshd: as init of the host's PID namespace, its death takes every session
     * process along.
     */
    static void kill(HostRuntime h) {
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

    // ------------------------------------------------------------------------------------------
    // an sshd

    private void writeSshdConfig(HostRuntime h) {
        if (!h.kind.hasSshd()) {
            return;
        }
        write(
                h.dir.resolve("sshd_config"),
                String.join(
                        "\n",
                        "# sshd of simulated host " + h.name,
                        "ListenAddress " + h.address + ":" + h.port,
                        "HostKey " + h.dir.resolve(HOST_KEY),
                        "PidFile " + h.dir.resolve("sshd.pid"),
                        "AuthorizedKeysFile " + layout.authorizedKeys(),
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
                        String.join("\n", h.sshdOptions),
                        ""));
    }

    private void launch(HostRuntime h) throws IOException {
        Path home = Path.of(System.getProperty("user.home"));
        Path bashrc = home.resolve(".bashrc");
        // a private mount namespace (util-linux makes its mounts private), own hostname, and a PID
        // namespace whose init is sshd: killing sshd kills every process of the host's sessions.
        String script =
                "mount --bind "
                        + q(layout.bin(h.name))
                        + " /usr/local/bin"
                        + " && mount --bind "
                        + q(layout.units(h.name))
                        + " /etc/systemd/system"
                        // the host's own clean ~/.bashrc: the test machine's one has nothing to do
                        // there
                        + (Files.isRegularFile(bashrc)
                                ? " && mount --bind " + q(layout.bashrc(h.name)) + " " + q(bashrc)
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

    private static void awaitExit(ProcessHandle ph) {
        try {
            ph.onExit().get(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // best effort
        }
    }

    private static Process keygen(Path key, String comment) {
        mkdirs(key.getParent());
        try {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitAll(List<Process> processes, String what) {
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
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // addresses and ports

    /** A TCP port free on 127.0.0.1 just now. */
    static int freePort() throws IOException {
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
    static String nextAddress() {
        int n = NEXT_ADDRESS.getAndIncrement();
        long second = 1 + ProcessHandle.current().pid() % 250;
        return "127." + second + "." + (n / 250) + "." + (1 + n % 250);
    }

    // ------------------------------------------------------------------------------------------

    private static final class PortClash extends IOException {
        PortClash(String message) {
            super(message);
        }
    }

    /** A deadline on the monotonic clock. */
    private record Deadline(long nanos, Duration length) {
        static Deadline of(Duration d) {
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

    private static String q(Path p) {
        return q(p.toString());
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
