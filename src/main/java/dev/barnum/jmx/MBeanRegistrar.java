package dev.barnum.jmx;

import dev.barnum.commands.CommandService;
import dev.barnum.fleet.Fleet;
import dev.barnum.service.Poller;
import dev.barnum.state.FleetSnapshot;
import dev.barnum.state.HostReport;
import dev.barnum.state.SnapshotStore;
import dev.barnum.state.UnitReport;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * Keeps the MBean server's {@code barnum:*} names in step with the fleet: with each published
 * snapshot, registers {@code barnum:type=Fleet} (once), a Host MBean per host and a Watcher MBean
 * per watcher (those circus reported, and those last seen on a host now down), and unregisters the
 * ones that vanished. Touches only the names it registered itself. The MBeans hold no state beyond
 * their key: they read the last snapshot when asked.
 */
@ApplicationScoped
public class MBeanRegistrar {

    private static final Logger LOG = Logger.getLogger(MBeanRegistrar.class);

    private final Backend backend;
    private final MBeanServer server;
    private final Set<ObjectName> registered = new HashSet<>();

    @Inject
    public MBeanRegistrar(
            SnapshotStore store, Poller poller, CommandService commands, Fleet fleet) {
        this(
                new Backend(
                        store::latest,
                        poller::pollOnce,
                        commands::run,
                        (request, who) ->
                                commands.roll(
                                        request,
                                        who,
                                        () -> false,
                                        dev.barnum.commands.Rollout.Listener.NONE),
                        fleet.shard()),
                ManagementFactory.getPlatformMBeanServer());
    }

    MBeanRegistrar(Backend backend, MBeanServer server) {
        this.backend = backend;
        this.server = server;
    }

    /**
     * Registers the Fleet MBean now (before the first poll), and the others for the last snapshot
     * if there is one (read under the lock, so never older than what an observer already reconciled
     * with).
     */
    public synchronized void start() {
        try {
            reconcile(Map.of(JmxNames.fleet(), this::fleet), false);
            backend.latest().get().ifPresent(this::reconcile);
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not register the barnum MBeans: %s", e.getMessage());
        }
    }

    void on(@Observes FleetSnapshot snapshot) {
        try {
            reconcile(snapshot);
        } catch (RuntimeException e) {
            LOG.warnf(
                    e,
                    "could not bring the barnum MBeans in line with the last poll: %s",
                    e.getMessage());
        }
    }

    /** Registers what the snapshot has and this registrar has not, unregisters what vanished. */
    void reconcile(FleetSnapshot snapshot) {
        Map<ObjectName, Supplier<Object>> wanted = new LinkedHashMap<>();
        wanted.put(JmxNames.fleet(), this::fleet);
        for (HostReport host : snapshot.hosts()) {
            String h = host.host();
            wanted.put(JmxNames.host(h), () -> new HostBean(backend, h));
            for (UnitReport unit : host.units()) {
                if (unit.user().isEmpty()) {
                    continue;
                }
                for (String w : Watched.names(unit.circus())) {
                    wanted.put(
                            JmxNames.watcher(h, unit.user(), w),
                            () -> new WatcherBean(backend, h, unit.user(), w));
                }
            }
        }
        reconcile(wanted, true);
    }

    /**
     * Registers the wanted names missing; with {@code prune}, also unregisters this registrar's
     * names not wanted.
     */
    private synchronized void reconcile(Map<ObjectName, Supplier<Object>> wanted, boolean prune) {
        Set<ObjectName> present = server.queryNames(JmxNames.all(), null);
        registered.retainAll(present);
        for (ObjectName name : present) {
            if (prune && registered.contains(name) && !wanted.containsKey(name)) {
                unregister(name);
            }
        }
        wanted.forEach(
                (name, bean) -> {
                    if (registered.contains(name)) {
                        return;
                    }
                    try {
                        server.registerMBean(bean.get(), name);
                        registered.add(name);
                    } catch (JMException | RuntimeException e) {
                        LOG.warnf("could not register MBean %s: %s", name, e.toString());
                    }
                });
    }

    private FleetBean fleet() {
        return new FleetBean(backend);
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException | RuntimeException e) {
            LOG.warnf("could not unregister MBean %s: %s", name, e.toString());
        }
        registered.remove(name);
    }

    /** Unregisters every MBean this registrar registered. */
    @PreDestroy
    synchronized void stop() {
        Set.copyOf(registered).forEach(this::unregister);
    }
}
