package dev.barnum.testfleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Changes to a running fleet that last until {@link #close()}: closing undoes them in the reverse
 * order, however the test ended. Every file a change touched is put back as it was, byte for byte
 * (what was not there is removed again); a stopped host is started again, with its address, port
 * and host key. The only way to change a {@link TestFleet#shared() shared} fleet, so that no test
 * leaves it different for the next one.
 *
 * <pre>{@code
 * try (FleetChanges busy = fleet.changes().reply("host1", "tcp://host1:5775",
 *         "--json stop watcher1", Reply.fixture("json-errno5-conflict"))) {
 *     ...
 * } // host1's circusd answers "--json stop watcher1" as it did before
 * }</pre>
 */
public final class FleetChanges implements AutoCloseable {

    private final TestFleet fleet;
    private final FleetLayout layout;
    private final SshdProcesses sshds;
    private final Deque<Runnable> undo = new ArrayDeque<>();

    /** The files and folders whose state before the changes is kept already. */
    private final Set<Path> kept = new HashSet<>();

    private boolean closed;

    FleetChanges(TestFleet fleet, FleetLayout layout, SshdProcesses sshds) {
        this.fleet = fleet;
        this.layout = layout;
        this.sshds = sshds;
    }

    /**
     * The circusctl shim answers {@code command} ({@code "status"}, {@code "--json status"}) at
     * {@code endpoint} of {@code host} with {@code reply}.
     */
    public FleetChanges reply(String host, String endpoint, String command, Reply reply) {
        keepReply(host, endpoint, command);
        layout.writeReply(host, endpoint, command, reply);
        return this;
    }

    /**
     * {@code first} for the next call of {@code command} alone, {@code then} for every call after
     * it.
     */
    public FleetChanges replies(
            String host, String endpoint, String command, Reply first, Reply then) {
        keepReply(host, endpoint, command);
        layout.writeReplies(host, endpoint, command, first, then);
        return this;
    }

    /**
     * The reply {@code endpoint} of {@code host} has for {@code command}, whatever it is, comes
     * after {@code delay} (a circusd that hangs, when the delay is longer than circusctl's
     * deadline).
     */
    public FleetChanges delay(String host, String endpoint, String command, Duration delay) {
        keepReply(host, endpoint, command);
        layout.writeDelay(host, endpoint, command, delay);
        return this;
    }

    /**
     * A unit's runtime state (its unit file is left alone), e.g. {@code inactive}, {@code dead}.
     */
    public FleetChanges unitState(
            String host, String unit, String unitFileState, String activeState, String subState) {
        keep(layout.unitState(host, unit));
        layout.writeUnitState(host, unit, unitFileState, activeState, subState);
        return this;
    }

    /**
     * Removes a unit's file from the host, as a reinstall or a reboot that lost it would: systemd
     * no longer lists it, and shows it by name as not found.
     */
    public FleetChanges removeUnit(String host, String unit) {
        checkOpen();
        fleet.requireHost(host);
        Path file = layout.units(host).resolve(unit);
        keep(file);
        FleetFiles.delete(file);
        return this;
    }

    /** circus_users.yaml with exactly this text (malformed YAML too). */
    public FleetChanges usersFile(String content) {
        keep(layout.usersFile());
        FleetFiles.write(layout.usersFile(), content);
        return this;
    }

    /**
     * A file in {@code user}'s folder for {@code host} (its {@code circus.ini}, a watcher's log)
     * with exactly these bytes.
     */
    public FleetChanges homeFile(String user, String host, String name, byte[] content) {
        Path file = layout.home(user).resolve(host).resolve(name);
        keep(file);
        FleetFiles.write(file, content);
        return this;
    }

    /** Takes a host off the network, as {@link TestFleet#stopHost} does, until closed. */
    public FleetChanges stopHost(String host) {
        checkOpen();
        HostRuntime h = fleet.requireHost(host);
        sshds.stop(h);
        undo.push(() -> sshds.start(h));
        return this;
    }

    /** Undoes the changes, the last one first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failed = null;
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void keepReply(String host, String endpoint, String command) {
        checkOpen();
        fleet.requireHost(host);
        Path folder = layout.endpointDir(host, endpoint);
        if (!Files.isDirectory(folder) && kept.add(folder)) {
            // the endpoint did not answer at all: silent again once the changes close
            undo.push(() -> FleetFiles.deleteTree(folder));
        }
        layout.replyFiles(host, endpoint, command).forEach(this::keep);
    }

    private void keep(Path file) {
        checkOpen();
        if (kept.add(file)) {
            byte[] before = FleetFiles.readIfExists(file);
            undo.push(
                    () -> {
                        if (before == null) {
                            FleetFiles.delete(file);
                        } else {
                            FleetFiles.write(file, before);
                        }
                    });
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("these changes are closed: open new ones");
        }
    }
}
