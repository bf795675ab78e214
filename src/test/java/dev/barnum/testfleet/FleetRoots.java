package dev.barnum.testfleet;

import static dev.barnum.testfleet.FleetFiles.read;
import static dev.barnum.testfleet.FleetFiles.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary folders of test fleets ({@code barnum-fleet-*}), each marked with the JVM that owns
 * it: a fleet whose JVM died without closing it (kill -9, a crash) is reaped by the next one.
 */
final class FleetRoots {

    private static final String ROOT_PREFIX = "barnum-fleet-";
    private static final String OWNER = "owner.pid";

    private FleetRoots() {}

    /** A new root owned by this JVM, after reaping the fleets of dead ones. */
    static Path create() {
        reapStale();
        try {
            Path root = Files.createTempDirectory(ROOT_PREFIX);
            write(root.resolve(OWNER), ownerId(ProcessHandle.current().pid()) + "\n");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the sshds of fleets whose JVM died without closing them and deletes their roots. */
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
                Path ownerFile = r.resolve(OWNER);
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
                            SshdProcesses.kill(
                                    new HostRuntime(
                                            hd.getFileName().toString(), HostKind.NORMAL, "", hd));
                        }
                    }
                }
                FleetFiles.deleteTree(r);
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
}
