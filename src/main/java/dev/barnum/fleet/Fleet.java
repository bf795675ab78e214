package dev.barnum.fleet;

import dev.barnum.bailey.CircusAccess;
import dev.barnum.bailey.CommandReport;
import dev.barnum.bailey.HostProbe;
import dev.barnum.bailey.PassthroughRequest;
import dev.barnum.bailey.ProbeRequest;
import dev.barnum.bailey.Trace;
import dev.barnum.base.Deadline;
import dev.barnum.base.Deadline.Ticker;
import dev.barnum.circus.CircusctlCommands;
import dev.barnum.circus.wire.CircusChannels;
import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;
import dev.barnum.config.ConfigCheck;
import dev.barnum.config.UsersFile;
import dev.barnum.discovery.Homes;
import dev.barnum.discovery.Inventory;
import dev.barnum.discovery.Shard;
import dev.barnum.remote.LocalShell;
import dev.barnum.remote.Shell;
import dev.barnum.remote.SshSettings;
import dev.barnum.remote.SshShell;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.UnitPattern;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet as configured: discovery from the homes, and probes of hosts over SSH (or of the
 * current host) into a {@link FleetSnapshot}. Configuration errors surface as {@link
 * BadInputException} when first used, or all at once from {@link #check(boolean)}.
 */
@ApplicationScoped
public class Fleet {

    private final BarnumConfig config;
    private final Clock clock;
    private final Map<String, SshShell> shells = new ConcurrentHashMap<>();
    private final Map<String, SshShell> commandShells = new ConcurrentHashMap<>();
    private final CircusChannels circusChannels = new CircusChannels();
    private final CircusChannels commandChannels = new CircusChannels();
    private volatile SshSettings ssh;
    private volatile FanOut fanOut;
    private volatile boolean shutDown;

    @Inject
    public Fleet(BarnumConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Barnum's own configuration, as the command path reads it. */
    public BarnumConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** Hosts probed at once, and commands sent at once. */
    public int parallelism() {
        return config.poll().parallelism();
    }

    public Homes homes() {
        return new Homes(config.homes());
    }

    public UnitPattern units() {
        return new UnitPattern(config.unitPattern());
    }

    /**
     * The configuration's values that cannot work and, when hosts are to be reached over SSH, the
     * SSH files (known-hosts, identity, OpenSSH config): found before anything runs. Reads local
     * files only; connects nowhere. The users file and the homes are checked by {@link
     * #inventory()}.
     *
     * @param remote whether hosts will be reached over SSH
     * @return one line per problem; empty when nothing stands in the way
     */
    public List<String> check(boolean remote) {
        List<String> problems = new ArrayList<>(ConfigCheck.problems(config));
        try {
            shard();
        } catch (BadInputException e) {
            problems.add(e.getMessage());
        }
        if (remote) {
            try {
                sshSettings();
            } catch (BadInputException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /**
     * This instance's share of the fleet ({@code barnum.shard}); {@link Shard#WHOLE} when unset.
     *
     * @throws BadInputException naming the key when it is not {@code i/N}
     */
    public Shard shard() {
        return config.shard().map(s -> Shard.parse(s, "barnum.shard")).orElse(Shard.WHOLE);
    }

    /** Reads circus_users.yaml and the homes afresh. */
    public Inventory inventory() {
        return homes().discover(UsersFile.load(config.usersFile()));
    }

    public List<String> hosts(Target target, Inventory inventory) {
        return target.hosts(inventory, homes(), config.usersFile());
    }

    public CircusctlCommands circusctl() {
        return new CircusctlCommands(config.circusctl(), config.circus().timeout());
    }

    /** How long one host may take: opening its session, then its commands. */
    public Duration hostDeadline() {
        return config.ssh().connectTimeout().plus(config.ssh().commandTimeout());
    }

    /**
     * Probes the given hosts in parallel over SSH, reusing each host's session from earlier probes.
     *
     * @param onlyUser restricts each host to that user's unit
     * @throws dev.barnum.config.BadInputException when the SSH settings cannot be read (see {@link
     *     #check(boolean)})
     */
    public FleetSnapshot probe(
            List<String> hosts,
            Inventory inventory,
            Optional<String> onlyUser,
            HostProbe.Ask ask,
            Trace trace) {
        return probe(hosts, inventory, onlyUser, ask, trace, report -> {});
    }

    /**
     * The same, telling {@code done} of each host's report as soon as it is there (for a progress
     * line), from the fan-out's threads.
     */
    public FleetSnapshot probe(
            List<String> hosts,
            Inventory inventory,
            Optional<String> onlyUser,
            HostProbe.Ask ask,
            Trace trace,
            java.util.function.Consumer<HostReport> done) {
        Instant started = clock.instant();
        // here, in the caller's thread, a bad SSH configuration is refused as a whole
        sshSettings();
        HostProbe probe = hostProbe(inventory);
        ProbeRequest request = new ProbeRequest(onlyUser, ask, trace);
        List<HostReport> reports =
                fanOut().run(
                                hosts,
                                this::shell,
                                (host, shell, deadline) ->
                                        probe.probe(host, shell, request, deadline),
                                (host, start, took, failure) ->
                                        HostReport.failed(host, start, took, failure)
                                                .withExpected(probe.expected(host, onlyUser)),
                                done);
        return new FleetSnapshot(started, Duration.between(started, clock.instant()), reports);
    }

    /**
     * Runs an operator's circus command on every running unit of the given hosts, in parallel over
     * SSH, as the CLI's {@code -- -- ARGS} do.
     *
     * @throws dev.barnum.config.BadInputException when the SSH settings cannot be read
     */
    public List<CommandReport> command(
            List<String> hosts, Inventory inventory, PassthroughRequest request) {
        return command(hosts, inventory, request, report -> {});
    }

    /**
     * The same, telling {@code done} of each host's report as soon as it is there, from the
     * fan-out's threads.
     */
    public List<CommandReport> command(
            List<String> hosts,
            Inventory inventory,
            PassthroughRequest request,
            java.util.function.Consumer<CommandReport> done) {
        sshSettings();
        HostProbe probe = hostProbe(inventory);
        return fanOut().run(
                        hosts,
                        this::shell,
                        (host, shell, deadline) -> probe.command(host, shell, request, deadline),
                        CommandReport::failed,
                        done);
    }

    /**
     * Runs {@code task} for each host at once (at most {@code barnum.poll.parallelism}), on the
     * polls' SSH session of each; a task that throws or overruns the host deadline fails that host
     * alone.
     */
    public void eachHost(List<String> hosts, java.util.function.BiConsumer<String, Shell> task) {
        fanOut().run(
                        hosts,
                        this::shell,
                        (host, shell, deadline) -> {
                            task.accept(host, shell);
                            return Boolean.TRUE;
                        },
                        (host, started, took, failure) -> Boolean.FALSE);
    }

    /**
     * After a poll of the whole fleet: closes the polls' control channels to circusds it no longer
     * asked (their unit stopped, their user or host left the fleet, their endpoint changed).
     */
    public void retainChannels(FleetSnapshot polled) {
        Set<CircusChannels.Key> asked = new HashSet<>();
        for (HostReport host : polled.hosts()) {
            for (UnitReport unit : host.units()) {
                unit.circus()
                        .askedAt()
                        .ifPresent(
                                endpoint ->
                                        asked.add(new CircusChannels.Key(host.host(), endpoint)));
            }
        }
        circusChannels.retain(asked);
    }

    /** The polls' control channels open now. */
    int openCircusChannels() {
        return circusChannels.open();
    }

    /** Whether {@code host}'s sshd refused to forward: it is asked with circusctl. */
    public boolean refusesForwarding(String host) {
        return circusChannels.refuses(host) || commandChannels.refuses(host);
    }

    /**
     * The command path's control channel to a circusd, on the host's command session (never the
     * polls'), opened at first use and kept.
     *
     * @throws dev.barnum.remote.ForwardingRefusedException when the host's sshd refuses
     * @throws dev.barnum.remote.ShellException when nothing listens or the host cannot be reached
     * @throws java.io.IOException when circusd does not answer the handshake or is not one
     */
    public dev.barnum.circus.wire.ControlChannel commandChannel(
            String host, String endpoint, Duration timeout)
            throws java.io.IOException, dev.barnum.remote.ShellException {
        return commandChannels.control(
                host, commandShell(host), new dev.barnum.circus.Endpoint(endpoint), timeout);
    }

    /** Whether circusds are asked over circus's own protocol (else with circusctl alone). */
    public boolean direct() {
        return config.circus().transport() == BarnumConfig.Transport.DIRECT;
    }

    /** Probes the current host through a local shell, as the original {@code bailey} did. */
    public FleetSnapshot probeLocal(
            String host, Inventory inventory, Optional<String> onlyUser, Trace trace) {
        Instant started = clock.instant();
        try (Shell shell = localShell()) {
            HostReport report =
                    hostProbe(inventory, CircusAccess.circusctlOnly(circusctl()))
                            .probe(
                                    host,
                                    shell,
                                    new ProbeRequest(onlyUser, HostProbe.Ask.STATUS, trace),
                                    localDeadline());
            return new FleetSnapshot(
                    started, Duration.between(started, clock.instant()), List.of(report));
        }
    }

    /** Runs an operator's circus command on the current host through a local shell. */
    public CommandReport commandLocal(
            String host, Inventory inventory, PassthroughRequest request) {
        try (Shell shell = localShell()) {
            return hostProbe(inventory, CircusAccess.circusctlOnly(circusctl()))
                    .command(host, shell, request, localDeadline());
        }
    }

    private Deadline localDeadline() {
        return Deadline.after(config.ssh().commandTimeout());
    }

    public Shell localShell() {
        return new LocalShell(Ticker.SYSTEM);
    }

    /**
     * The polls' shell to {@code host}: one SSH session per host, kept for later probes. The
     * fan-out owns it: its watchdog closes it when the host overruns its deadline, which cuts only
     * the polls' channels.
     */
    public Shell shell(String host) {
        return ssh(shells, host);
    }

    /**
     * The command path's shell to {@code host}: a session of its own, opened at the first command
     * and kept, so that a command that hangs (and the rebuild of its session) never cuts a poll's
     * channels, nor an overrunning poll a command's.
     */
    public Shell commandShell(String host) {
        return ssh(commandShells, host);
    }

    /** The host's shell of {@code kept}; after {@link #shutDown}, one that refuses everything. */
    private SshShell ssh(Map<String, SshShell> kept, String host) {
        SshShell shell =
                kept.computeIfAbsent(host, h -> new SshShell(h, sshSettings(), Ticker.SYSTEM));
        if (shutDown) {
            shell.shutDown();
        }
        return shell;
    }

    /** The probe of hosts over SSH: circus's own protocol where the transport is direct. */
    private HostProbe hostProbe(Inventory inventory) {
        return hostProbe(
                inventory,
                direct()
                        ? new CircusAccess(circusctl(), Optional.of(circusChannels))
                        : CircusAccess.circusctlOnly(circusctl()));
    }

    private HostProbe hostProbe(Inventory inventory, CircusAccess circus) {
        return new HostProbe(
                homes(),
                units(),
                circus,
                inventory,
                config.ssh().commandTimeout(),
                config.unitDir(),
                clock);
    }

    private SshSettings sshSettings() {
        if (ssh == null) {
            synchronized (this) {
                if (ssh == null) {
                    ssh = SshSettings.from(config.ssh());
                }
            }
        }
        return ssh;
    }

    private FanOut fanOut() {
        if (fanOut == null) {
            synchronized (this) {
                if (fanOut == null) {
                    fanOut = new FanOut(config.poll().parallelism(), hostDeadline(), clock);
                }
            }
        }
        return fanOut;
    }

    /**
     * Closes every SSH session for good, the polls' and the commands', with their circus channels
     * and event subscriptions, and stops the fan-out's threads: whatever runs on them fails at
     * once, and no session is opened again (a host's shell then refuses with "the service is
     * stopping"). Never waits for a host.
     *
     * @return how many sessions were open (or being opened)
     */
    public int shutDown() {
        shutDown = true;
        circusChannels.close();
        commandChannels.close();
        int open = 0;
        for (SshShell shell : shells.values()) {
            open += shell.shutDown() ? 1 : 0;
        }
        for (SshShell shell : commandShells.values()) {
            open += shell.shutDown() ? 1 : 0;
        }
        if (fanOut != null) {
            fanOut.close();
        }
        return open;
    }

    /** See {@link #shutDown}. */
    @jakarta.annotation.PreDestroy
    public void close() {
        shutDown();
    }
}
