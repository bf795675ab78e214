package dev.barnum.remote;

import com.jcraft.jsch.ConfigRepository;
import java.util.Locale;
import java.util.Set;

/**
 * An OpenSSH config without its say on host keys: it never answers {@code UserKnownHostsFile},
 * {@code GlobalKnownHostsFile}, {@code KnownHostsCommand}, {@code StrictHostKeyChecking} or {@code
 * HashKnownHosts}. Barnum's own known_hosts ({@code barnum.ssh.known-hosts}) is the only source of
 * host keys, and an unknown or changed key is always refused.
 *
 * <p>Why: jsch's {@code Session} reads {@code UserKnownHostsFile} when it is created and takes that
 * file as the session's only host keys; a config naming a file that holds a host's current key
 * would let a key Barnum's file refuses through. {@link SshShell} also sets Barnum's keys and
 * strict checking on every session; this keeps jsch from even reading the other file (which could
 * be a FIFO that blocks session creation outside any deadline). {@code HostKeyAlias} is answered:
 * it only chooses which entry of Barnum's file applies.
 */
final class WithoutHostKeyOptions implements ConfigRepository {

    private static final Set<String> IGNORED =
            Set.of(
                    "USERKNOWNHOSTSFILE",
                    "GLOBALKNOWNHOSTSFILE",
                    "KNOWNHOSTSCOMMAND",
                    "STRICTHOSTKEYCHECKING",
                    "HASHKNOWNHOSTS");

    private final ConfigRepository config;

    WithoutHostKeyOptions(ConfigRepository config) {
        this.config = config;
    }

    @Override
    public Config getConfig(String host) {
        Config answers = config.getConfig(host);
        return new Config() {
            @Override
            public String getHostname() {
                return answers.getHostname();
            }

            @Override
            public String getUser() {
                return answers.getUser();
            }

            @Override
            public int getPort() {
                return answers.getPort();
            }

            @Override
            public String getValue(String key) {
                return ignored(key) ? null : answers.getValue(key);
            }

            @Override
            public String[] getValues(String key) {
                return ignored(key) ? null : answers.getValues(key);
            }
        };
    }

    private static boolean ignored(String key) {
        return IGNORED.contains(key.toUpperCase(Locale.ROOT));
    }
}
