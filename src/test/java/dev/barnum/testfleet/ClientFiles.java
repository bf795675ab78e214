package dev.barnum.testfleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * How clients reach a started fleet: the OpenSSH client config and known_hosts Barnum is given, and
 * {@code fleet.properties}, from which {@link TestFleet#attach} finds the hosts again.
 */
final class ClientFiles {

    private ClientFiles() {}

    /** The hosts of an attached fleet, and its login user. */
    record Attached(String user, Map<String, HostRuntime> hosts) {}

    static void write(FleetLayout layout, String user, Collection<HostRuntime> hosts) {
        StringBuilder cfg = new StringBuilder();
        StringBuilder known = new StringBuilder();
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("hosts", String.join(",", hosts.stream().map(h -> h.name).toList()));
        for (HostRuntime h : hosts) {
            cfg.append("Host ")
                    .append(h.name)
                    .append('\n')
                    .append("    HostName ")
                    .append(h.address)
                    .append('\n')
                    .append("    Port ")
                    .append(h.port)
                    .append('\n')
                    .append("    User ")
                    .append(user)
                    .append('\n')
                    .append("    IdentityFile ")
                    .append(layout.identityFile())
                    .append('\n')
                    .append('\n');
            if (h.kind == HostKind.NORMAL) {
                known.append(SshdProcesses.knownHostsLine(h)).append('\n');
            }
            p.setProperty("host." + h.name + ".kind", h.kind.name());
            p.setProperty("host." + h.name + ".address", h.address);
            p.setProperty("host." + h.name + ".port", Integer.toString(h.port));
        }
        FleetFiles.write(layout.sshConfig(), cfg.toString());
        FleetFiles.write(layout.knownHosts(), known.toString());
        StringBuilder props = new StringBuilder();
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            props.append(k).append('=').append(p.getProperty(k)).append('\n');
        }
        FleetFiles.write(layout.properties(), props.toString());
    }

    static Attached read(FleetLayout layout) {
        Properties p = new Properties();
        try (BufferedReader r = Files.newBufferedReader(layout.properties())) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("no test fleet at " + layout.root(), e);
        }
        Map<String, HostRuntime> hosts = new LinkedHashMap<>();
        for (String name : p.getProperty("hosts").split(",")) {
            if (name.isEmpty()) {
                continue;
            }
            HostRuntime h =
                    new HostRuntime(
                            name,
                            HostKind.valueOf(p.getProperty("host." + name + ".kind")),
                            p.getProperty("host." + name + ".address"),
                            layout.hostDir(name));
            h.port = Integer.parseInt(p.getProperty("host." + name + ".port"));
            hosts.put(name, h);
        }
        return new Attached(p.getProperty("user"), hosts);
    }
}
