package dev.barnum.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.circus.WatcherState;
import dev.barnum.commands.CommandRequest;
import dev.barnum.commands.CommandResult;
import dev.barnum.commands.Outcome;
import dev.barnum.config.BadInputException;
import dev.barnum.remote.Reason;
import dev.barnum.state.CircusFinding;
import dev.barnum.state.ExpectedUnit;
import dev.barnum.state.Failure;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.PollHistory;
import dev.barnum.state.UnitReport;
import dev.barnum.systemd.ActiveState;
import dev.barnum.systemd.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.StandardMBean;
import org.junit.jupiter.api.Test;

/**
 * The registrar and the MBeans over hand-made snapshots, on a private MBean server, without
 * Quarkus.
 */
class MBeanRegistrarTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final AtomicReference<FleetSnapshot> latest = new AtomicReference<>();
    private final List<CommandRequest> sent = new ArrayList<>();
    private final List<String> callers = new ArrayList<>();
    private final AtomicReference<Runnable> onPoll = new AtomicReference<>(() -> {});
    private final AtomicBoolean pollRuns = new AtomicBoolean(true);
    private final MBeanRegistrar registrar =
            new MBeanRegistrar(
                    new Backend(
                            () -> Optional.ofNullable(latest.get()),
                            () -> {
                                onPoll.get().run();
                                return pollRuns.get();
                            },
                            this::command,
                            (request, who) -> {
                                throw new AssertionError("no rolling command in this test");
                            },
                            dev.barnum.discovery.Shard.WHOLE),
                    server);

    private List<CommandResult> command(CommandRequest request, String who) {
        if (request.args().isEmpty()
                || request.args().get(0).equals("restart") && request.args().size() < 2) {
            throw new BadInputException(
                    "restart needs a watcher name: restarting the whole arbiter stops circusd on tcp endpoints");
        }
        sent.add(request);
        callers.add(who);
        return List.of(
                new CommandResult(
                        "host1",
                        "user1",
                        List.of("circusctl", "--json", "x"),
                        0,
                        "{\"status\": \"ok\"}\n",
                        "",
                        12,
                        Outcome.OK,
                        null,
                        0));
    }

    // --- snapshots -------------------------------------------------------------------------------

    private static UnitReport unit(
            String user, String host, ActiveState state, String sub, CircusFinding circus) {
        String id = "circus_" + user + "_" + host + ".service";
        return new UnitReport(
                new UnitStatus(
                        id, "loaded", "enabled", state, sub, user, "/etc/systemd/system/" + id),
                user,
                true,
                circus);
    }

    private static CircusFinding watchers(Map<String, Integer> processes, String... nameState) {
        TreeMap<String, WatcherState> map = new TreeMap<>();
        for (int i = 0; i < nameState.length; i += 2) {
            map.put(nameState[i], WatcherState.parse(nameState[i + 1]));
        }
        return new CircusFinding.Watchers("tcp://x:1", map, new TreeMap<>(processes));
    }

    private static HostReport host(String name, UnitReport... units) {
        return new HostReport(name, T0, Duration.ofMillis(40), Optional.empty(), List.of(units));
    }

    /**
     * host1 up (user1 with watcher1 and plugin:flapping, user2 stopped), host4 refused,
     * host.example.org down with a watcher last seen.
     */
    private static FleetSnapshot first() {
        HostReport down =
                new HostReport(
                        "host.example.org",
                        T0,
                        Duration.ofMillis(7),
                        Optional.of(new Failure(Reason.TIMEOUT, "host.example.org: timed out")),
                        List.of(
                                unit(
                                        "user2",
                                        "host.example.org",
                                        ActiveState.UNKNOWN,
                                        "unknown",
                                        new CircusFinding.HostUnreachable(
                                                new TreeSet<>(List.of("web"))))));
        return new FleetSnapshot(
                T0,
                Duration.ofMillis(950),
                List.of(
                        host(
                                "host1",
                                unit(
                                        "user1",
                                        "host1",
                                        ActiveState.ACTIVE,
                                        "running",
                                        watchers(
                                                Map.of("watcher1", 2),
                                                "watcher1",
                                                "active",
                                                "plugin:flapping",
                                                "stopped")),
                                unit(
                                        "user2",
                                        "host1",
                                        ActiveState.INACTIVE,
                                        "dead",
                                        new CircusFinding.NotExpected())),
                        HostReport.failed(
                                "host4",
                                T0,
                                Duration.ofMillis(3),
                                new Failure(Reason.REFUSED, "host4: Connection refused")),
                        down),
                new PollHistory(
                        Map.of("host1", T0.plusMillis(40), "host.example.org", T0.minusSeconds(60)),
                        Map.of()));
    }

    /** host1 only, with watcher1 alone. */
    private static FleetSnapshot second() {
        return new FleetSnapshot(
                T0.plusSeconds(30),
                Duration.ofMillis(800),
                List.of(
                        host(
                                "host1",
                                unit(
                                        "user1",
                                        "host1",
                                        ActiveState.ACTIVE,
                                        "running",
                                        watchers(Map.of(), "watcher1", "starting")))));
    }

    private void publish(FleetSnapshot snapshot) {
        latest.set(snapshot);
        registrar.on(snapshot);
    }

    private Object get(ObjectName name, String attribute) throws Exception {
        return server.getAttribute(name, attribute);
    }

    private Object invoke(ObjectName name, String operation, Object... params) throws Exception {
        String[] signature = new String[params.length];
        java.util.Arrays.fill(signature, String.class.getName());
        return server.invoke(name, operation, params, signature);
    }

    private static ObjectName name(String text) throws Exception {
        return new ObjectName(text);
    }

    // --- tests -----------------------------------------------------------------------------------

    @Test
    void namesQuoteOnlyTheValuesThatNeedIt() throws Exception {
        assertThat(JmxNames.fleet()).isEqualTo(name("barnum:type=Fleet"));
        assertThat(JmxNames.host("host.example.org"))
                .isEqualTo(name("barnum:type=Host,name=host.example.org"));
        ObjectName plugin = JmxNames.watcher("host3", "user1", "plugin:flapping");
        assertThat(plugin)
                .isEqualTo(
                        name("barnum:type=Watcher,host=host3,user=user1,name=\"plugin:flapping\""));
        assertThat(JmxNames.key(plugin, "name")).isEqualTo("plugin:flapping");
        assertThat(JmxNames.key(plugin, "host")).isEqualTo("host3");
    }

    @Test
    void theFleetMBeanExistsBeforeTheFirstPoll() throws Exception {
        registrar.start();
        assertThat(server.queryNames(name("barnum:*"), null)).containsExactly(JmxNames.fleet());
        assertThat(get(JmxNames.fleet(), "LastPoll")).isEqualTo("");
        assertThat(get(JmxNames.fleet(), "LastPollDurationMillis")).isEqualTo(-1L);
        assertThat(get(JmxNames.fleet(), "HostCount")).isEqualTo(0);
        assertThatThrownBy(() -> invoke(JmxNames.fleet(), "status", "all"))
                .isInstanceOf(RuntimeMBeanException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("no poll of the fleet has completed yet");
    }

    @Test
    void registersFleetHostsAndWatchersAndReadsTheLastSnapshot() throws Exception {
        publish(first());
        assertThat(server.queryNames(name("barnum:*"), null))
                .containsExactlyInAnyOrder(
                        name("barnum:type=Fleet"),
                        name("barnum:type=Host,name=host1"),
                        name("barnum:type=Host,name=host4"),
                        name("barnum:type=Host,name=host.example.org"),
                        name("barnum:type=Watcher,host=host1,user=user1,name=watcher1"),
                        name("barnum:type=Watcher,host=host1,user=user1,name=\"plugin:flapping\""),
                        name("barnum:type=Watcher,host=host.example.org,user=user2,name=web"));
        assertThat(server.isInstanceOf(JmxNames.fleet(), "javax.management.NotificationEmitter"))
                .isFalse();
        assertThat(server.getMBeanInfo(JmxNames.fleet()).getDescriptor().getFieldValue("mxbean"))
                .isEqualTo("true");

        ObjectName fleet = JmxNames.fleet();
        assertThat(get(fleet, "HostCount")).isEqualTo(3);
        assertThat(get(fleet, "HostsUp")).isEqualTo(1);
        assertThat(get(fleet, "UnitCount")).isEqualTo(3);
        assertThat(get(fleet, "WatcherCount")).isEqualTo(3);
        assertThat(get(fleet, "LastPoll")).isEqualTo("2026-11-25T03:00:00Z");
        assertThat(get(fleet, "LastPollDurationMillis")).isEqualTo(950L);

        ObjectName host1 = JmxNames.host("host1");
        assertThat(get(host1, "Up")).isEqualTo(true);
        assertThat(get(host1, "FailureReason")).isEqualTo("");
        assertThat(get(host1, "FailureMessage")).isEqualTo("");
        assertThat(get(host1, "LastPollDurationMillis")).isEqualTo(40L);
        assertThat(get(host1, "LastSuccess")).isEqualTo("2026-11-25T03:00:00.040Z");
        assertThat((String[]) get(host1, "Units"))
                .containsExactly(
                        "circus_user1_host1.service user1 active/running",
                        "circus_user2_host1.service user2 inactive/dead");
        assertThat((String[]) get(host1, "Watchers"))
                .containsExactly("user1 plugin:flapping stopped", "user1 watcher1 active");

        ObjectName host4 = JmxNames.host("host4");
        assertThat(get(host4, "Up")).isEqualTo(false);
        assertThat(get(host4, "FailureReason")).isEqualTo("refused");
        assertThat(get(host4, "FailureMessage")).isEqualTo("host4: Connection refused");
        assertThat(get(host4, "LastSuccess")).isEqualTo("");
        assertThat((String[]) get(host4, "Units")).isEmpty();

        ObjectName down = JmxNames.host("host.example.org");
        assertThat(get(down, "LastSuccess")).isEqualTo("2026-11-25T02:59:00Z");
        assertThat((String[]) get(down, "Watchers")).containsExactly("user2 web unknown");

        ObjectName watcher1 = JmxNames.watcher("host1", "user1", "watcher1");
        assertThat(get(watcher1, "State")).isEqualTo("active");
        assertThat(get(watcher1, "Processes")).isEqualTo(2);
        ObjectName plugin = JmxNames.watcher("host1", "user1", "plugin:flapping");
        assertThat(get(plugin, "State")).isEqualTo("stopped");
        assertThat(get(plugin, "Processes")).isEqualTo(-1);
        assertThat(get(JmxNames.watcher("host.example.org", "user2", "web"), "State"))
                .isEqualTo("unknown");

        // no state of their own: the same MBeans show the next snapshot
        latest.set(second());
        assertThat(get(watcher1, "State")).isEqualTo("starting");
        assertThat(get(fleet, "HostCount")).isEqualTo(1);
    }

    /**
     * A host's MBean tells what the homes expect there, whether or not it answered, and which of
     * its units no circus.ini names.
     */
    @Test
    void hostsTellTheirExpectedAndUnexpectedUnits() throws Exception {
        HostReport seen = first().host("host1").orElseThrow();
        UnitReport user4 = unit("user4", "host1", ActiveState.INACTIVE, "dead", null);
        List<UnitReport> units = new java.util.ArrayList<>(seen.units());
        units.add(
                new UnitReport(
                        user4.status(), "user4", false, new CircusFinding.NotExpected(), true));
        HostReport host1 =
                seen.withUnits(units)
                        .withExpected(
                                List.of(expected("user1", "host1"), expected("user3", "host1")));
        HostReport host4 =
                HostReport.failed(
                                "host4",
                                T0,
                                Duration.ofMillis(3),
                                new Failure(Reason.REFUSED, "host4: Connection refused"))
                        .withExpected(List.of(expected("user2", "host4")));
        publish(new FleetSnapshot(T0, Duration.ofMillis(50), List.of(host1, host4)));
        assertThat((String[]) get(JmxNames.host("host1"), "Expected"))
                .containsExactly(
                        "user1 circus_user1_host1.service present",
                        "user3 circus_user3_host1.service not_installed");
        assertThat((String[]) get(JmxNames.host("host1"), "Unexpected"))
                .containsExactly("circus_user4_host1.service user4");
        assertThat((String[]) get(JmxNames.host("host4"), "Expected"))
                .containsExactly("user2 circus_user2_host4.service unknown");
        assertThat((String[]) get(JmxNames.host("host4"), "Unexpected")).isEmpty();
    }

    private static ExpectedUnit expected(String user, String host) {
        return new ExpectedUnit(
                user,
                "circus_" + user + "_" + host + ".service",
                java.nio.file.Path.of("/users/" + user + "/circus/" + host + "/circus.ini"));
    }

    @Test
    void unregistersWhatVanishedAndOnlyWhatItRegistered() throws Exception {
        ObjectName foreign = name("barnum:type=Other");
        server.registerMBean(new StandardMBean(() -> 1, Foreign.class), foreign);
        publish(first());
        publish(second());
        assertThat(server.queryNames(name("barnum:*"), null))
                .containsExactlyInAnyOrder(
                        foreign,
                        name("barnum:type=Fleet"),
                        name("barnum:type=Host,name=host1"),
                        name("barnum:type=Watcher,host=host1,user=user1,name=watcher1"));
        publish(first());
        assertThat(server.isRegistered(JmxNames.watcher("host1", "user1", "plugin:flapping")))
                .isTrue();
        assertThat(server.isRegistered(JmxNames.host("host4"))).isTrue();
        registrar.stop();
        assertThat(server.queryNames(name("barnum:*"), null)).containsExactly(foreign);
    }

    /** Someone else's MBean in the barnum domain. */
    public interface Foreign {
        int getValue();
    }

    @Test
    void statusRendersTheTargetsPartOfTheSnapshot() throws Exception {
        publish(first());
        ObjectName fleet = JmxNames.fleet();
        assertThat((String) invoke(fleet, "status", "all"))
                .startsWith("--- HOST1 ---\n")
                .contains("--- HOST4 ---");
        assertThat((String) invoke(fleet, "status", "")).isEqualTo(invoke(fleet, "status", "all"));
        assertThat(invoke(fleet, "status", "host1"))
                .isEqualTo(
                        """
                --- user1@host1 ---
                plugin:flapping: stopped
                watcher1: active
                --- user2@host1 ---
                No circus expected
                """);
        assertThat(invoke(fleet, "status", "user2@host1"))
                .isEqualTo("--- user2@host1 ---\nNo circus expected\n");
        assertThat(invoke(fleet, "status", "host4"))
                .isEqualTo("--- host4 ---\nunreachable (refused): host4: Connection refused\n");
        assertThatThrownBy(() -> invoke(fleet, "status", "bad target!"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage(
                        "invalid target 'bad target!': expected host or user@host (letters, digits, . _ -)");
        assertThatThrownBy(() -> invoke(fleet, "status", "host9"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("unknown host 'host9': not in the fleet's last poll");
        assertThatThrownBy(() -> invoke(fleet, "status", "user9@host1"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage(
                        "unknown target 'user9@host1': no circus unit of user9 on host1 at the last poll");
    }

    @Test
    void operationsGoThroughTheCommandPathAsJmx() throws Exception {
        publish(first());
        Object lines = invoke(JmxNames.fleet(), "execute", "user1@host1", "  status   watcher1 ");
        assertThat((String[]) lines)
                .containsExactly("host1 user1 ok exit=0", "  {\"status\": \"ok\"}");
        assertThat(sent)
                .containsExactly(
                        new CommandRequest("user1@host1", List.of("status", "watcher1"), false));

        assertThat(invoke(JmxNames.watcher("host1", "user1", "plugin:flapping"), "restart"))
                .isEqualTo("host1 user1 ok exit=0");
        assertThat(sent.get(1))
                .isEqualTo(
                        new CommandRequest(
                                "user1@host1", List.of("restart", "plugin:flapping"), false));
        invoke(JmxNames.watcher("host1", "user1", "watcher1"), "stop");
        invoke(JmxNames.watcher("host1", "user1", "watcher1"), "start");
        assertThat(sent.subList(2, 4))
                .extracting(CommandRequest::args)
                .containsExactly(List.of("stop", "watcher1"), List.of("start", "watcher1"));
        assertThat(callers).containsOnly("jmx");

        assertThatThrownBy(() -> invoke(JmxNames.fleet(), "execute", "all", "restart"))
                .isInstanceOf(RuntimeMBeanException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage(
                        "restart needs a watcher name: restarting the whole arbiter stops circusd on tcp endpoints");
        assertThat(sent).hasSize(4);
    }

    @Test
    void resultLinesSayWhatRanAndWhy() {
        assertThat(
                        Backend.line(
                                new CommandResult(
                                        "host2",
                                        "user3",
                                        List.of(),
                                        null,
                                        "",
                                        "",
                                        0,
                                        Outcome.SKIPPED,
                                        "circus_user3_host2.service is not running",
                                        0)))
                .isEqualTo("host2 user3 skipped exit=- circus_user3_host2.service is not running");
        assertThat(
                        Backend.lines(
                                List.of(
                                        new CommandResult(
                                                "host1",
                                                "user1",
                                                List.of(),
                                                1,
                                                "a\n\nb\n",
                                                "",
                                                3,
                                                Outcome.FAILED,
                                                "circusctl exited 1: boom",
                                                0))))
                .containsExactly(
                        "host1 user1 failed exit=1 circusctl exited 1: boom", "  a", "  b");
        assertThat(
                        Backend.line(
                                new CommandResult(
                                        "host1",
                                        "user1",
                                        List.of(),
                                        0,
                                        "",
                                        "",
                                        900,
                                        Outcome.ERROR,
                                        "errno 5: arbiter is already running arbiter_stop command",
                                        3)))
                .isEqualTo(
                        "host1 user1 error exit=0 retries=3 errno 5: arbiter is already running arbiter_stop command");
    }

    @Test
    void refreshPollsAndSummarises() throws Exception {
        publish(first());
        onPoll.set(() -> publish(second()));
        assertThat(invoke(JmxNames.fleet(), "refresh"))
                .isEqualTo(
                        "polled 1 hosts (1 up, 1 units, 1 watchers) in 800 ms at 2026-11-25T03:00:30Z");
        assertThat(server.isRegistered(JmxNames.host("host4"))).isFalse();

        onPoll.set(() -> {});
        pollRuns.set(false);
        assertThat(invoke(JmxNames.fleet(), "refresh"))
                .isEqualTo("skipped: a poll of the fleet is already running");
        pollRuns.set(true);
        assertThat((String) invoke(JmxNames.fleet(), "refresh"))
                .startsWith("polled, but no new snapshot was published");
    }
}
