package dev.barnum.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything Barnum can be told, under the {@code barnum.} prefix. Each key is also an environment
 * variable ({@code barnum.ssh.config-file} is {@code BARNUM_SSH_CONFIG_FILE}) and a {@code -D}
 * property.
 */
@ConfigMapping(prefix = "barnum")
public interface BarnumConfig {

    /** The YAML list of Unix users whose circus homes are searched. */
    @WithDefault("circus_users.yaml")
    Path usersFile();

    /**
     * Each user's circus home; {@code {user}} is replaced. Children holding a circus.ini are hosts.
     */
    @WithDefault("/users/{user}/circus")
    String homes();

    /**
     * systemd unit names; {@code {user}} and {@code {host}} are replaced. Also the fallback for a
     * unit's user.
     */
    @WithDefault("circus_{user}_{host}.service")
    String unitPattern();

    /** Where unit files live on each host (used to name a unit's file when systemd does not). */
    @WithDefault("/etc/systemd/system")
    String unitDir();

    /** The circusctl command on the hosts. */
    @WithDefault("circusctl")
    String circusctl();

    /**
     * This instance's share of the fleet, {@code i/N} (i from 0): it polls, exports and commands
     * only the hosts assigned to it by rendezvous hashing of their names. Unset: every host.
     */
    Optional<String> shard();

    /** How circus is asked. */
    Circus circus();

    /** How hosts are reached. */
    Ssh ssh();

    /** The service's polling. */
    Poll poll();

    /** The service's Prometheus metrics. */
    Metrics metrics();

    /** Circus commands sent through the service (REST and JMX). */
    Commands commands();

    /** The service's JMX connector. */
    Jmx jmx();

    interface Circus {
        /**
         * circusctl's own {@code --timeout}: how long circusd may take to answer (whole seconds, at
         * least 1).
         */
        @WithDefault("5s")
        Duration timeout();

        /**
         * How Barnum asks circusd for its state (and sends REST and JMX commands): {@code direct},
         * circus's own protocol through each host's SSH session (circusctl where a host refuses to
         * forward), or {@code circusctl} on the host.
         */
        @WithDefault("direct")
        Transport transport();
    }

    /** See {@link Circus#transport()}. */
    enum Transport {
        DIRECT,
        CIRCUSCTL
    }

    interface Ssh {
        /** Login name, unless the OpenSSH config says otherwise for a host. */
        @WithDefault("${user.name}")
        String user();

        /** Private key for public-key authentication. */
        @WithDefault("${user.home}/.ssh/id_ed25519")
        Path identityFile();

        /** Known host keys; an unknown or changed key is refused. */
        @WithDefault("${user.home}/.ssh/known_hosts")
        Path knownHosts();

        /**
         * OpenSSH client config (Host aliases, HostName, Port, User, IdentityFile); default
         * ~/.ssh/config when it exists.
         */
        @WithName("config-file")
        Optional<Path> configFile();

        /** Time allowed to open a session to one host. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Time allowed to one remote command; also the deadline of a whole host. */
        @WithDefault("30s")
        Duration commandTimeout();
    }

    interface Poll {
        /** Period of the service's fleet poll. */
        @WithDefault("30s")
        Duration interval();

        /** Hosts probed at once. */
        @WithDefault("32")
        int parallelism();
    }

    interface Metrics {
        /**
         * State-sets: {@code full} exports every state (1 for the current, 0 for the others),
         * {@code current} only the current one.
         */
        @WithDefault("full")
        StateEncoding stateEncoding();
    }

    /** How a state-set metric is exported. */
    enum StateEncoding {
        FULL,
        CURRENT
    }

    interface Commands {
        /**
         * The circus commands the service may send; {@code restart} always needs a watcher name.
         */
        @WithDefault(
                "status,stats,list,numprocesses,numwatchers,start,stop,restart,reload,incr,decr")
        java.util.List<String> allowed();

        /**
         * How many times a command refused with circus's errno 5 ("arbiter is already running ...
         * command") is retried.
         */
        @WithDefault("3")
        int retries();

        /** Wait before the first retry; doubled before each further one. */
        @WithDefault("200ms")
        Duration retryBackoff();
    }

    interface Jmx {
        /**
         * Port of the loopback-only RMI connector for JConsole and jmxterm; unset: no remote
         * connector.
         */
        Optional<Integer> port();
    }
}
