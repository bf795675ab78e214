package dev.barnum.jmx;

import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.AlreadyBoundException;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import org.jboss.logging.Logger;

/**
 * The remote JMX connector, for JConsole and jmxterm: an RMI registry and an RMI connector server
 * sharing one port ({@code barnum.jmx.port}), both listening on 127.0.0.1 only, reached at {@code
 * service:jmx:rmi:///jndi/rmi://127.0.0.1:<port>/jmxrmi}. No authentication: whoever can open a
 * loopback socket on this machine can use it.
 *
 * <p>Quarkus disables JNDI, so the connector server is built by hand (not through {@code
 * JMXConnectorServerFactory} with a jndi URL) and its stub is bound into the registry under {@code
 * jmxrmi} directly. Never starts on its own: {@code serve} calls {@link #start()}.
 */
@ApplicationScoped
public class JmxConnector {

    private static final Logger LOG = Logger.getLogger(JmxConnector.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String NAME = "jmxrmi";

    private final BarnumConfig config;
    private final MBeanRegistrar registrar;
    private Registry registry;
    private RMIConnectorServer server;
    private int port;

    @Inject
    public JmxConnector(BarnumConfig config, MBeanRegistrar registrar) {
        this.config = config;
        this.registrar = registrar;
    }

    /**
     * Registers the MBeans, and starts the remote connector when {@code barnum.jmx.port} is set.
     *
     * @throws BadInputException when the port is out of range
     * @throws IllegalStateException when the port cannot be bound
     */
    public void start() {
        registrar.start();
        config.jmx().port().ifPresent(this::start);
    }

    /**
     * Registers the MBeans and starts the remote connector on {@code port} of 127.0.0.1 (nothing
     * more when it already runs).
     *
     * @throws BadInputException when the port is out of range
     * @throws IllegalStateException when the port cannot be bound
     */
    public synchronized void start(int port) {
        if (port < 1 || port > 65535) {
            throw new BadInputException("invalid barnum.jmx.port " + port + ": expected 1..65535");
        }
        registrar.start();
        if (server != null) {
            return;
        }
        if (System.getProperty("java.rmi.server.hostname") == null) {
            // the address written into the stubs: the loopback address the sockets listen on
            System.setProperty("java.rmi.server.hostname", LOOPBACK);
        }
        RMIServerSocketFactory loopback = new LoopbackSockets();
        Map<String, Object> env = new HashMap<>();
        try {
            registry = LocateRegistry.createRegistry(port, null, loopback);
            RMIJRMPServerImpl rmi = new RMIJRMPServerImpl(port, null, loopback, env);
            server =
                    new RMIConnectorServer(
                            new JMXServiceURL("service:jmx:rmi://" + LOOPBACK),
                            env,
                            rmi,
                            ManagementFactory.getPlatformMBeanServer());
            server.start();
            registry.bind(NAME, rmi.toStub());
        } catch (IOException | AlreadyBoundException | RuntimeException e) {
            stop();
            throw new IllegalStateException(
                    "cannot start the JMX connector on "
                            + LOOPBACK
                            + ":"
                            + port
                            + ": "
                            + e.getMessage(),
                    e);
        }
        this.port = port;
        LOG.infof("JMX connector listening at %s", url());
    }

    /** Where JConsole and jmxterm connect; {@code ""} when the connector is not running. */
    public synchronized String url() {
        return server == null
                ? ""
                : "service:jmx:rmi:///jndi/rmi://" + LOOPBACK + ":" + port + "/" + NAME;
    }

    /** Closes the connector server (and its client connections) and the registry. */
    @PreDestroy
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                LOG.warnf("closing the JMX connector: %s", e.getMessage());
            }
            server = null;
        }
        if (registry != null) {
            try {
                UnicastRemoteObject.unexportObject(registry, true);
            } catch (NoSuchObjectException e) {
                // not exported
            }
            registry = null;
        }
    }

    /**
     * Server sockets bound to 127.0.0.1 only. Equal to each other, so the registry and the
     * connector share the port.
     */
    private static final class LoopbackSockets implements RMIServerSocketFactory {

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 0, InetAddress.getByName(LOOPBACK));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LoopbackSockets;
        }

        @Override
        public int hashCode() {
            return LoopbackSockets.class.hashCode();
        }
    }
}
