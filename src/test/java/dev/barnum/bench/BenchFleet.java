package dev.barnum.bench;

import dev.barnum.circus.CircusctlCommands;
import dev.barnum.remote.Batch;
import dev.barnum.remote.ShellQuote;
import dev.barnum.systemd.SystemctlCommands;
import dev.barnum.systemd.UnitPattern;
import dev.barnum.testfleet.FleetSpec;
import dev.barnum.testfleet.TestFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's fleet: {@code hosts} real sshds on loopback ({@link TestFleet}), each running
 * {@code users} active circus units of {@code watchers} watchers (two processes each), all users
 * listed in circus_users.yaml.
 *
 * <p>Two changes to the test fleet, so that the figures show what Barnum and the transport cost,
 * not the test shims: the bash shims are wrapped by a replay that prints, byte for byte, what the
 * full shim printed for the same arguments the first time (two execs per call instead of a bash
 * interpreting 200 lines), and each host's {@code ~/.bashrc} (which bash reads for every command
 * sshd runs) appends a line to {@code state/channels.log}, counting the SSH channels a contender
 * opened, as the host saw them. The hosts run in the idle scheduling class (see {@link #idle()}).
 */
final class BenchFleet implements AutoCloseable {

    static final int FIRST_PORT = 5100;

    private final TestFleet fleet;
    private final int users;

    private BenchFleet(TestFleet fleet, int users) {
        this.fleet = fleet;
        this.users = users;
    }

    static BenchFleet start(int hosts, int users, int watchers) {
        return start(hosts, users, watchers, (h, u) -> endpoint(u), (h, u) -> null, 0);
    }

    /**
     * The same fleet whose circusds are {@code peers} (peer {@code (h - 1) * users + u - 1} for
     * user u of host h, its ports named by the user's circus.ini), for both transports: the hosts'
     * circusctl, asked about a peer's control endpoint, replays the same answers after burning
     * {@code burnLoops} turns of a shell loop (the CPU a real circusctl costs).
     */
    static BenchFleet over(CircusPeers peers, int hosts, int users, int watchers, long burnLoops) {
        return start(
                hosts,
                users,
                watchers,
                (h, u) -> peers.endpoint((h - 1) * users + u - 1),
                (h, u) -> peers.ini((h - 1) * users + u - 1),
                burnLoops);
    }

    private interface PerUser {
        String of(int host, int user);
    }

    private static BenchFleet start(
            int hosts, int users, int watchers, PerUser endpoints, PerUser inis, long burnLoops) {
        List<String> names = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            names.add(user(u));
        }
        FleetSpec b = TestFleet.builder().users(names.toArray(String[]::new));
        for (int h = 1; h <= hosts; h++) {
            String host = host(h);
            int hostIndex = h;
            for (int u = 1; u <= users; u++) {
                String ini = inis.of(h, u);
                b.circusIni(
                        user(u),
                        host,
                        ini != null ? ini : "[circus]\nendpoint = " + endpoints.of(h, u) + "\n");
            }
            b.host(
                    host,
                    spec -> {
                        for (int u = 1; u <= users; u++) {
                            int user = u;
                            spec.unit(user(u), "enabled", "active", "running")
                                    .endpoint(
                                            endpoints.of(hostIndex, u),
                                            e ->
                                                    e.reply("--json status", statusJson(watchers))
                                                            .reply(
                                                                    "--json stats",
                                                                    statsJson(
                                                                            user(user), watchers)));
                        }
                    });
        }
        TestFleet fleet = b.start();
        BenchFleet bench = new BenchFleet(fleet, users);
        try {
            for (String host : fleet.hosts()) {
                bench.installReplay(host, burnLoops);
            }
            bench.idle();
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return bench;
    }

    static String host(int h) {
        return String.format(Locale.ROOT, "h%03d", h);
    }

    static String user(int u) {
        return "u" + u;
    }

    static String endpoint(int u) {
        return "tcp://127.0.0.1:" + (FIRST_PORT + u);
    }

    List<String> hosts() {
        return fleet.hosts();
    }

    /** The Barnum configuration for this fleet, with generous deadlines for a loaded machine. */
    Map<String, String> barnumConfig() {
        Map<String, String> c = new java.util.LinkedHashMap<>(fleet.barnumConfig());
        c.put("barnum.ssh.connect-timeout", "20s");
        c.put("barnum.ssh.command-timeout", "60s");
        c.put("barnum.circus.timeout", "5s");
        return c;
    }

    /**
     * What a whole-fleet poll runs on one host, as one shell command line: the unit listing and
     * show (every user's unit is expected there), then every user's {@code status} and {@code
     * stats} in one batch: the commands Barnum itself sends, built by the same code.
     */
    String pollCommands(String host) {
        List<List<String>> circus = new ArrayList<>();
        CircusctlCommands circusctl =
                new CircusctlCommands("circusctl", java.time.Duration.ofSeconds(5));
        for (int u = 1; u <= users; u++) {
            circus.add(circusctl.json(endpoint(u), List.of("status")));
            circus.add(circusctl.json(endpoint(u), List.of("stats")));
        }
        UnitPattern pattern = new UnitPattern("circus_{user}_{host}.service");
        List<String> expected = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            expected.add(pattern.unit(user(u), host));
        }
        return ShellQuote.join(SystemctlCommands.listAndShow(pattern.glob(host), expected))
                + "; "
                + ShellQuote.join(new Batch(circus).argv());
    }

    /** What {@code barnum-cli USER@HOST} runs on the host, as one shell command line. */
    String oneOffCommands(String user, String host) {
        return ShellQuote.join(
                        SystemctlCommands.show(List.of("circus_" + user + "_" + host + ".service")))
                + "; "
                + ShellQuote.join(
                        new CircusctlCommands("circusctl", java.time.Duration.ofSeconds(5))
                                .json(endpointOf(user), List.of("status")));
    }

    private String endpointOf(String user) {
        return endpoint(Integer.parseInt(user.substring(1)));
    }

    /** The argv of the real OpenSSH client to a host of this fleet, before the remote command. */
    List<String> ssh(String... options) {
        List<String> argv = fleet.sshArgv("-q");
        argv.addAll(List.of(options));
        return argv;
    }

    /** SSH channels the hosts have seen so far (one bash per channel). */
    long channels() {
        long total = 0;
        for (String host : fleet.hosts()) {
            Path log = fleet.hostDir(host).resolve("state/channels.log");
            try {
                total += Files.exists(log) ? Files.size(log) / 2 : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    /**
     * The simulated hosts stand for other machines: their sshds and everything they start run in
     * the idle scheduling class ({@code chrt --idle}), so that on this one machine they take the
     * CPU that Barnum, the ssh clients and the scrapes leave, instead of two hundred hosts'
     * processes starving the one process under test. Not a full separation: their kernel work
     * (forks, exits, loopback traffic) still delays the service's threads; {@link #confine} is the
     * stronger one.
     */
    private void idle() throws IOException {
        forEachSshd("chrt", "--idle", "-p", "0");
    }

    /**
     * Keeps the hosts' sshds, and every session and command they start from now on, on these CPUs
     * ({@code taskset -c} syntax): the hosts on cores of their own, as if they were other machines.
     */
    void confine(String cpus) throws IOException {
        forEachSshd("taskset", "-a", "-p", "-c", cpus);
    }

    /** Runs {@code command... PID} for each host's sshd. */
    private void forEachSshd(String... command) throws IOException {
        try {
            for (String host : fleet.hosts()) {
                List<String> argv = new ArrayList<>(List.of(command));
                argv.add(Files.readString(fleet.hostDir(host).resolve("host.pid")).strip());
                Process p =
                        new ProcessBuilder(argv)
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .start();
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(
                            String.join(" ", argv) + " (" + host + "'s sshd) failed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pid, in this machine's PID namespace, of the host's sshd (its namespace's init). */
    long hostPid(String host) {
        try {
            return Long.parseLong(
                    Files.readString(fleet.hostDir(host).resolve("host.pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void installReplay(String host, long burnLoops) throws IOException {
        Path dir = fleet.hostDir(host);
        Path full = Files.createDirectories(dir.resolve("full"));
        Path cache = Files.createDirectories(dir.resolve("state/replay"));
        for (String shim : List.of("systemctl", "circusctl")) {
            Files.move(dir.resolve("bin").resolve(shim), full.resolve(shim));
        }
        // systemctl is called as `systemctl VERB ARGS...`; circusctl as `circusctl --endpoint EP
        // --timeout N --json CMD [ARG]`
        writeScript(
                dir.resolve("bin/systemctl"),
                replay(full.resolve("systemctl"), cache, "systemctl-$1-$#", 0));
        writeScript(
                dir.resolve("bin/circusctl"),
                replay(
                        full.resolve("circusctl"),
                        cache,
                        "circusctl-${2##*:}-$#-$5-$6-$7",
                        burnLoops));
        Files.writeString(
                dir.resolve("bashrc"), "echo c >> '" + dir.resolve("state/channels.log") + "'\n");
    }

    private static String replay(Path full, Path cache, String key, long burnLoops) {
        return "#!/bin/sh\n"
                + "# Barnum benchmark: replays what the full test shim printed for the same arguments (recorded on first use)\n"
                + (burnLoops > 0
                        ? "# first burns the CPU a real circusctl (Python) costs per call\n"
                                + burn(burnLoops)
                                + "\n"
                        : "")
                + "k='"
                + cache
                + "'/"
                + key
                + "\n"
                + "if [ ! -f \"$k.out\" ]; then\n"
                + "  '"
                + full
                + "' \"$@\" >\"$k.tmp\" 2>\"$k.err\"; rc=$?\n"
                + "  : >\"$k.rc$rc\"; mv \"$k.tmp\" \"$k.out\"\n"
                + "fi\n"
                + "if [ -s \"$k.err\" ]; then cat \"$k.err\" >&2; fi\n"
                + "for f in \"$k\".rc*; do rc=${f##*.rc}; done\n"
                + "if [ \"$rc\" = 0 ]; then exec cat \"$k.out\"; fi\n"
                + "cat \"$k.out\"; exit \"$rc\"\n";
    }

    /** A shell loop of {@code loops} turns: CPU time spent by /bin/sh alone, no process started. */
    static String burn(long loops) {
        return "i=0; while [ $i -lt " + loops + " ]; do i=$((i+1)); done";
    }

    private static void writeScript(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * {@code circusctl --json status} of watchers w00..w(n-1), all active, in circus's reply
     * format.
     */
    static String statusJson(int watchers) {
        StringBuilder s =
                new StringBuilder(
                        "{\"status\": \"ok\", \"time\": 1795574713.110371, \"statuses\": {");
        for (int w = 0; w < watchers; w++) {
            s.append(w == 0 ? "" : ", ").append('"').append(watcher(w)).append("\": \"active\"");
        }
        return s.append("}, \"id\": \"cf3207ba88ce4fddbe332c337a288721\"}\n").toString();
    }

    /**
     * {@code circusctl --json stats}: two processes per watcher, in the captured whole-arbiter
     * format.
     */
    static String statsJson(String user, int watchers) {
        StringBuilder s =
                new StringBuilder(
                        "{\"status\": \"ok\", \"time\": 1795574717.1436958, \"infos\": {");
        int pid = 9000;
        for (int w = 0; w < watchers; w++) {
            s.append(w == 0 ? "" : ", ").append('"').append(watcher(w)).append("\": {");
            for (int p = 0; p < 2; p++, pid++) {
                s.append(p == 0 ? "" : ", ")
                        .append('"')
                        .append(pid)
                        .append("\": {\"mem_info1\": \"1.43M\", \"mem_info2\": \"2.44M\", ")
                        .append("\"cpu\": 0.0, \"mem\": 0.006, \"ctime\": \"0:00.0\", \"pid\": ")
                        .append(pid)
                        .append(", \"username\": \"")
                        .append(user)
                        .append("\", \"nice\": 0, \"create_time\": 1795571440.57, ")
                        .append(
                                "\"age\": 3276.1764347553253, \"cmdline\": \"sleep\", \"children\": [], ")
                        .append("\"started\": 1795571440.9597588, \"wid\": ")
                        .append(p + 1)
                        .append('}');
            }
            s.append('}');
        }
        return s.append("}, \"id\": \"c54b2caf9a7141859f3c0b94b00dc1bb\"}\n").toString();
    }

    static String watcher(int w) {
        return String.format(Locale.ROOT, "w%02d", w);
    }

    @Override
    public void close() {
        fleet.close();
    }
}
