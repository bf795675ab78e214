package dev.barnum.remote;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.OpenSSHConfig;
import dev.barnum.config.BadInputException;
import dev.barnum.config.BarnumConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The client side of every SSH session: one {@link JSch} with the host keys of Barnum's known_hosts
 * file, the default identity and the OpenSSH config, shared by all {@link SshShell}s. Barnum's
 * known_hosts ({@code barnum.ssh.known-hosts}) is the only source of host keys: what the OpenSSH
 * config says about host keys is ignored (see {@link WithoutHostKeyOptions}). The file is read
 * once, here, and never written.
 */
public final class SshSettings {

    private static final String KNOWN_HOSTS_SETTING =
            "barnum.ssh.known-hosts or BARNUM_SSH_KNOWN_HOSTS";

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
     * Reads the known_hosts file, the identity and the OpenSSH config.
     *
     * @throws BadInputException one line naming the file: when the known_hosts file is missing or
     *     unreadable (with its setting, {@code barnum.ssh.known-hosts} or {@code
     *     BARNUM_SSH_KNOWN_HOSTS}), or the identity or OpenSSH config cannot be read
     */
    public static SshSettings from(BarnumConfig.Ssh config) {
        SshSettings settings =
                new SshSettings(config.user(), config.connectTimeout(), config.knownHosts());
        byte[] keys = readKnownHosts(config.knownHosts());
        try {
            // from the bytes, not the file name: jsch then has no file to write a key into, ever
            settings.jsch.setKnownHosts(new ByteArrayInputStream(keys));
        } catch (JSchException e) {
            throw new BadInputException(
                    config.knownHosts()
                            + ": cannot use the known hosts file ("
                            + KNOWN_HOSTS_SETTING
                            + "): "
                            + e.getMessage());
        }
        try {
            if (Files.isReadable(config.identityFile())) {
                settings.jsch.addIdentity(config.identityFile().toString());
            }
        } catch (JSchException e) {
            throw new BadInputException(config.identityFile() + ": " + e.getMessage());
        }
        Optional<Path> sshConfig = config.configFile().or(() -> defaultConfig());
        sshConfig.ifPresent(
                file -> {
                    try {
                        settings.jsch.setConfigRepository(
                                new CachedConfigRepository(
                                        new WithoutHostKeyOptions(
                                                OpenSSHConfig.parseFile(file.toString()))));
                    } catch (IOException e) {
                        throw new BadInputException(
                                file + ": cannot read the OpenSSH config: " + e.getMessage());
                    }
                });
        return settings;
    }

    /*
     * A missing or unreadable file is refused rather than read as empty (as jsch would): an empty
     * repository turns every host into "host key unknown", one by one, with nothing saying why.
     */
    private static byte[] readKnownHosts(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(
                    file
                            + ": the known hosts file does not exist (set "
                            + KNOWN_HOSTS_SETTING
                            + ")");
        } catch (IOException e) {
            String why = e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
            throw new BadInputException(
                    file
                            + ": cannot read the known hosts file ("
                            + KNOWN_HOSTS_SETTING
                            + "): "
                            + why);
        }
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
