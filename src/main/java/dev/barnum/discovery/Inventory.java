package dev.barnum.discovery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What the homes say: the users of {@code circus_users.yaml} and, per host (sorted by name), the
 * instances found there.
 */
public record Inventory(List<String> users, SortedMap<String, List<Instance>> hosts) {

    public Inventory {
        users = List.copyOf(users);
        hosts = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(hosts));
    }

    public List<Instance> instances(String host) {
        return hosts.getOrDefault(host, List.of());
    }

    public Optional<Instance> instance(String user, String host) {
        return instances(host).stream().filter(i -> i.user().equals(user)).findFirst();
    }

    public static Inventory of(List<String> users, Map<String, List<Instance>> hosts) {
        return new Inventory(users, new java.util.TreeMap<>(hosts));
    }
}
