package dev.barnum.bench;

import dev.barnum.TestConfig;
import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.Trace;
import dev.barnum.discovery.Inventory;
import dev.barnum.fleet.Fleet;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The four ways of asking every host of a {@link BenchFleet} the same thing, each timed from the
 * first byte sent to the last answer read, each checked for a complete answer from every host:
 * Barnum warm and cold, the original tool's fresh {@code ssh} per host, and the same commands over
 * already-open OpenSSH ControlMaster connections (the transport limit).
 */
final class Contenders implements AutoCloseable {

    private final BenchFleet bench;
    private final int users;
    private final int watchers;
    private final Fleet warm;
    private final Path work;
    private final List<String> masters = new ArrayList<>();

    Contenders(BenchFleet bench, int users, int watchers) throws IOException {
        this.bench = bench;
        this.users = users;
        this.watchers = watchers;
        this.warm = TestConfig.fleet(bench.barnumConfig());
        this.work = Files.createTempDirectory("barnum-bench-");
    }

    /** Barnum's whole-fleet poll with its sessions open: the steady state of {@code serve}. */
    long barnumWarm() {
        return time(() -> check(poll(warm)));
    }

    /** Barnum's first poll: no session yet, every host's SSH handshake included. */
    long barnumCold() {
        Fleet cold = TestConfig.fleet(bench.barnumConfig());
        try {
            return time(() -> check(poll(cold)));
        } finally {
            cold.close();
        }
    }

    /** The original tool: one fresh {@code ssh -q HOST COMMANDS} per host, all hosts at once. */
    long freshSsh() {
        return time(() -> runAll(host -> bench.ssh()));
    }

    /**
     * The transport limit: the same commands over one already-open ControlMaster connection per
     * host, all at once.
     */
    long controlMaster() {
        if (masters.isEmpty()) {
            openMasters();
        }
        return time(
                () ->
                        runAll(
                                host ->
                                        bench.ssh(
                                                "-o",
                                                "ControlMaster=no",
                                                "-o",
                                                "ControlPath=" + controlPath(host))));
    }

    /** One warm poll, untimed: opens the sessions and records the replays. */
    void warmUp() {
        check(poll(warm));
        runAll(host -> bench.ssh());
    }

    /** A poll through the warm fleet, returned for callers that look at it (channel counts). */
    FleetSnapshot poll(Fleet fleet) {
        Inventory inventory = fleet.inventory();
        return fleet.probe(
                List.copyOf(inventory.hosts().keySet()),
                inventory,
                Optional.empty(),
                HostProbe.Ask.STATUS_AND_PROCESSES,
                Trace.NONE);
    }

    Fleet warmFleet() {
        return warm;
    }

    /**
     * Every host up, every unit's every watcher seen with its processes: a poll that did the whole
     * job.
     */
    FleetSnapshot check(FleetSnapshot snapshot) {
        if (snapshot.hosts().size() != bench.hosts().size()) {
            throw new IllegalStateException(
                    "poll saw "
                            + snapshot.hosts().size()
                            + " of "
                            + bench.hosts().size()
                            + " hosts");
        }
        for (HostReport host : snapshot.hosts()) {
            if (!host.up() || host.units().size() != users) {
                throw new IllegalStateException("poll of " + host.host() + " incomplete: " + host);
            }
            host.units()
                    .forEach(
                            unit -> {
                                if (!(unit.circus()
                                                instanceof
                                                dev.barnum.state.CircusFinding.Watchers seen)
                                        || seen.watchers().size() != watchers
                                        || seen.processes().size() != watchers) {
                                    throw new IllegalStateException(
                                            "poll of " + host.host() + " incomplete: " + unit);
                                }
                            });
        }
        return snapshot;
    }

    private interface SshArgv {
        List<String> argv(String host);
    }

    /** Starts one ssh per host at once, each running the poll's commands; checks every answer. */
    private void runAll(SshArgv ssh) {
        List<Process> running = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (String host : bench.hosts()) {
                List<String> argv = new ArrayList<>(ssh.argv(host));
                argv.add(host);
                argv.add(bench.pollCommands(host));
                Path out = work.resolve(host + ".out");
                outputs.add(out);
                running.add(
                        new ProcessBuilder(argv)
                                .redirectInput(new File("/dev/null"))
                                .redirectErrorStream(true)
                                .redirectOutput(out.toFile())
                                .start());
            }
            for (int i = 0; i < running.size(); i++) {
                Process p = running.get(i);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(
                            "ssh to " + bench.hosts().get(i) + " did not end");
                }
                String out = Files.readString(outputs.get(i));
                // every user's unit shown, and every status and stats reply read
                if (p.exitValue() != 0
                        || count(out, "ActiveState=active") != users
                        || count(out, "\"statuses\"") != users
                        || count(out, "\"infos\"") != users) {
                    throw new IllegalStateException(
                            "ssh to "
                                    + bench.hosts().get(i)
                                    + " exited "
                                    + p.exitValue()
                                    + ": "
                                    + out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            running.forEach(Process::destroyForcibly);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    private String controlPath(String host) {
        return work.resolve("cm-" + host).toString();
    }

    private void openMasters() {
        List<Process> opening = new ArrayList<>();
        try {
            for (String host : bench.hosts()) {
                List<String> argv =
                        bench.ssh(
                                "-o",
                                "ControlMaster=yes",
                                "-o",
                                "ControlPersist=yes",
                                "-o",
                                "ControlPath=" + controlPath(host),
                                "-N",
                                "-f",
                                host);
                opening.add(
                        new ProcessBuilder(argv)
                                .redirectInput(new File("/dev/null"))
                                .redirectErrorStream(true)
                                .redirectOutput(work.resolve(host + ".master").toFile())
                                .start());
                masters.add(host);
            }
            for (Process p : opening) {
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("a ControlMaster did not open");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long time(Runnable run) {
        long start = System.nanoTime();
        run.run();
        return System.nanoTime() - start;
    }

    @Override
    public void close() {
        for (String host : masters) {
            List<String> argv =
                    bench.ssh("-o", "ControlPath=" + controlPath(host), "-O", "exit", host);
            try {
                new ProcessBuilder(argv)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // the fleet's sshds go down next anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        warm.close();
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp dir
        }
    }
}
