package dev.barnum.jmx;

import dev.barnum.commands.CommandRequest;
import dev.barnum.commands.CommandResult;
import dev.barnum.commands.NotReadyException;
import dev.barnum.commands.OtherShardException;
import dev.barnum.commands.RollingResult;
import dev.barnum.config.BadInputException;
import dev.barnum.discovery.Shard;
import dev.barnum.state.FleetSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the MBeans read and call: the last snapshot ({@code SnapshotStore::latest}), a poll ({@code
 * Poller::pollOnce}) and the one command path ({@code CommandService::run}). Plain functions, so
 * the beans can be tested without Quarkus.
 */
record Backend(
        Supplier<Optional<FleetSnapshot>> latest,
        BooleanSupplier pollOnce,
        BiFunction<CommandRequest, String, List<CommandResult>> commands,
        BiFunction<CommandRequest, String, RollingResult> rolling,
        Shard shard) {

    /** The caller written to the audit log for every command sent over JMX. */
    static final String WHO = "jmx";

    FleetSnapshot snapshot() {
        return latest.get()
                .orElseThrow(() -> new IllegalStateException(new NotReadyException().getMessage()));
    }

    /**
     * Runs a circus command through the command path. Barnum's own exceptions become JDK ones (a
     * JMX client such as JConsole has no Barnum classes to deserialise them with).
     *
     * @throws IllegalArgumentException with the one-line reason when the command, target or watcher
     *     is refused
     * @throws IllegalStateException before the first poll
     */
    List<CommandResult> run(String target, List<String> args) {
        try {
            return commands.apply(new CommandRequest(target, args, false), WHO);
        } catch (BadInputException | OtherShardException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (NotReadyException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /**
     * What a sharded instance's command results begin with: whose hosts they cover ({@code all} is
     * its own); nothing when it polls every host.
     */
    String[] covered(List<String> lines) {
        List<String> all = new ArrayList<>();
        if (shard.count() > 1) {
            all.add("shard " + shard + ": this instance's hosts only");
        }
        all.addAll(lines);
        return all.toArray(String[]::new);
    }

    /**
     * Runs a circus command one batch at a time through the command path; exceptions as {@link
     * #run} turns them.
     */
    RollingResult roll(CommandRequest request) {
        try {
            return rolling.apply(request, WHO);
        } catch (BadInputException | OtherShardException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (NotReadyException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /**
     * {@code host1 user1 ok exit=0}, then {@code retries=N} when circus was busy (errno 5) N times,
     * then the message when there is one; {@code exit=-} when nothing ran.
     */
    static String line(CommandResult r) {
        StringBuilder line =
                new StringBuilder()
                        .append(r.host())
                        .append(' ')
                        .append(r.user())
                        .append(' ')
                        .append(r.outcome().label())
                        .append(" exit=")
                        .append(r.exitStatus() == null ? "-" : r.exitStatus().toString());
        if (r.retries() > 0) {
            line.append(" retries=").append(r.retries());
        }
        if (r.message() != null && !r.message().isEmpty()) {
            line.append(' ').append(r.message());
        }
        return line.toString();
    }

    /**
     * {@link #line} per result, each followed by its stdout lines (indented by two spaces) when
     * there are any.
     */
    static String[] lines(List<CommandResult> results) {
        List<String> out = new ArrayList<>();
        for (CommandResult r : results) {
            out.add(line(r));
            r.stdout().lines().filter(l -> !l.isBlank()).forEach(l -> out.add("  " + l));
        }
        return out.toArray(String[]::new);
    }
}
