package dev.barnum.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark's hosts did, as the kernel saw it: each host's CPU time (its sshd moved at
 * start into a cpuacct cgroup of its own, which every session, shell and command it starts
 * inherits), the processes it started (the last pid its PID namespace handed out: each host's sshd
 * is the init of its own namespace, whose pids are given in sequence), and the TCP connections to
 * the circusds' ports (each one a {@code direct-tcpip} channel that a host's sshd opened).
 */
final class HostAccounting implements AutoCloseable {

    private static final Path CPUACCT = Path.of("/sys/fs/cgroup/cpuacct");

    /** One reading of every host. */
    record Sample(Map<String, Long> cpuNanos, Map<String, Long> lastPid, Set<String> forwarded) {}

    /** Per host and poll, between two samples. */
    record PerHost(double processes, double cpuMillis, double forwardedOpened) {}

    private final BenchFleet fleet;
    private final Set<Integer> peerPorts;
    private final Path root;

    /** Moves each host's sshd into a cgroup of its own; call before any SSH session is opened. */
    HostAccounting(BenchFleet fleet, Set<Integer> peerPorts) throws IOException {
        this.fleet = fleet;
        this.peerPorts = peerPorts;
        if (!Files.isWritable(CPUACCT)) {
            throw new IllegalStateException(
                    CPUACCT + " is not a writable cgroup v1 cpuacct hierarchy");
        }
        this.root =
                Files.createDirectories(
                        CPUACCT.resolve("barnum-bench-" + ProcessHandle.current().pid()));
        for (String host : fleet.hosts()) {
            Path group = Files.createDirectories(root.resolve(host));
            Files.writeString(group.resolve("cgroup.procs"), fleet.hostPid(host) + "\n");
        }
    }

    Sample sample() throws IOException, InterruptedException {
        Map<String, Long> cpu = new HashMap<>();
        Map<String, Long> pids = new HashMap<>();
        for (String host : fleet.hosts()) {
            cpu.put(
                    host,
                    Long.parseLong(
                            Files.readString(root.resolve(host).resolve("cpuacct.usage")).strip()));
            pids.put(host, lastPid(fleet.hostPid(host)));
        }
        return new Sample(cpu, pids, forwarded());
    }

    /**
     * Per host and per poll from {@code before} to {@code after} ({@code polls} polls): each
     * reading of the last pid starts one process in the namespace (the {@code cat} that reads it),
     * which is not counted.
     */
    PerHost between(Sample before, Sample after, int polls) {
        double n = fleet.hosts().size() * (double) polls;
        long processes = 0;
        long cpu = 0;
        for (String host : fleet.hosts()) {
            processes += after.lastPid().get(host) - before.lastPid().get(host) - 1;
            cpu += after.cpuNanos().get(host) - before.cpuNanos().get(host);
        }
        Set<String> opened = new HashSet<>(after.forwarded());
        opened.removeAll(before.forwarded());
        return new PerHost(processes / n, cpu / 1e6 / n, opened.size() / n);
    }

    /** The last pid handed out in the PID namespace whose init is {@code pid}. */
    private static long lastPid(long pid) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                "nsenter",
                                "-t",
                                Long.toString(pid),
                                "-p",
                                "cat",
                                "/proc/sys/kernel/ns_last_pid")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("nsenter -t " + pid + ": " + out);
        }
        return Long.parseLong(out);
    }

    /**
     * The established TCP connections to a circusd's port (local and remote port), from {@code
     * /proc/net/tcp}: each is one forwarded channel of a host's sshd.
     */
    Set<String> forwarded() throws IOException {
        Set<String> found = new HashSet<>();
        List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.strip().split("\\s+");
            if (!f[3].equals("01")) {
                continue; // not ESTABLISHED
            }
            int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
            if (peerPorts.contains(remote)) {
                found.add(f[1] + ">" + f[2]);
            }
        }
        return found;
    }

    /** Removes the cgroups once the hosts' processes are gone (else leaves them). */
    @Override
    public void close() {
        try {
            for (String host : fleet.hosts()) {
                Files.deleteIfExists(root.resolve(host));
            }
            Files.deleteIfExists(root);
        } catch (IOException e) {
            // a host's process still exiting: an empty cgroup left behind
        } catch (UncheckedIOException e) {
            // the same
        }
    }
}
