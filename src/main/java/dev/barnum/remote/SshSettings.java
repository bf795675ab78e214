package dev.barnum.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.OpenSSHConfig;

import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;

/**
 * The client side of every SSH session: one {@link JSch} with the host keys of Barnum's known_hosts
 * file, the default identity and the OpenSSH config, shared by all {@link SshShell}s. Barnum's
 * known_hosts ({@code barnum.ssh.known-hosts}) is the only source of host keys: what the OpenSSH
 * config says about host keys is ignored (see {@link WithoutHostKeyOptions}).
 */
public final class SshSettings {

    private final JSch jsch = new JSch();
    private final String user;
    private final Duration connectTimeout;
    private final Path knownHosts;

    private SshSettings(String user, Duration connectTimeout, Path knownHosts) {
        this.user = user;
        this.connectTimeout = connectTimeout;
        this.knownHosts = knownHosts;
    }

    /**
     * @throws BadInputException naming the file when the OpenSSH config or known_hosts file cannot be read
     */
    public static SshSettings from(BarnumConfig.Ssh config) {
        SshSettings settings = new SshSettings(config.user(), config.connectTimeout(), config.knownHosts());
        try {
            if (Files.exists(config.knownHosts())) {
                settings.jsch.setKnownHosts(config.knownHosts().toString());
            }
            if (Files.isReadable(config.identityFile())) {
                settings.jsch.addIdentity(config.identityFile().toString());
            }
        } catch (JSchException e) {
            throw new BadInputException(config.knownHosts() + " or " + config.identityFile() + ": " + e.getMessage());
        }
        Optional<Path> sshConfig = config.configFile().or(() -> defaultConfig());
        sshConfig.ifPresent(file -> {
            try {
                settings.jsch.setConfigRepository(
                        new CachedConfigRepository(new WithoutHostKeyOptions(OpenSSHConfig.parseFile(file.toString()))));
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot read the OpenSSH config: " + e.getMessage());
            }
        });
        return settings;
    }

    private static Optional<Path> defaultConfig() {
        Path file = Path.of(System.getProperty("user.home"), ".ssh", "config");
        return Files.isReadable(file) ? Optional.of(file) : Optional.empty();
    }

    JSch jsch() {
        return jsch;
    }

    String user() {
        return user;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    /** The file the host keys were read from: the one every refusal names. */
    Path knownHosts() {
        return knownHosts;
    }

    /** The host keys of {@link #knownHosts()}, the only ones any session may trust. */
    HostKeyRepository hostKeys() {
        return jsch.getHostKeyRepository();
    }
}
