package dev.barnum.remote;

import com.jcraft.jsch.ConfigRepository;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenSSH config's answer per host, looked up once: jsch asks its config repository again at
 * every channel it opens, and jsch's {@code OpenSSHConfig} answers by matching every Host pattern
 * anew with fresh regular expressions: a third of what a warm poll allocated. The file is read once
 * at start-up either way, so the answers cannot change.
 */
final class CachedConfigRepository implements ConfigRepository {

    private final ConfigRepository config;
    private final Map<String, Config> byHost = new ConcurrentHashMap<>();

    CachedConfigRepository(ConfigRepository config) {
        this.config = config;
    }

    @Override
    public Config getConfig(String host) {
        return byHost.computeIfAbsent(host, config::getConfig);
    }
}
