package dev.barnum.testfleet;

import static dev.barnum.testfleet.FleetFiles.checkName;
import static dev.barnum.testfleet.FleetFiles.delete;
import static dev.barnum.testfleet.FleetFiles.mkdirs;
import static dev.barnum.testfleet.FleetFiles.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a test fleet's files are under its root, and the files the {@code systemctl} and {@code
 * circusctl} shims read and write there (see {@code testfleet/README.md}): {@code
 * users/<user>/circus/<host>/circus.ini} (the homes), {@code circus_users.yaml} and {@code
 * hosts/<host>/} with {@code bin/} (shims, bound on the host's {@code /usr/local/bin}), {@code
 * units/} (unit files, bound on {@code /etc/systemd/system}) and {@code state/} ({@code calls.log},
 * {@code units/<unit>} runtime state, {@code circus/<endpoint>/<key>.out|.exit|.err|.delay} canned
 * circusctl replies, {@code circusctl/} captured help and error texts).
 */
final class FleetLayout {

    private static final Pattern UNSAFE_KEY_CHARS = Pattern.compile("[^A-Za-z0-9._:-]");
    private static final Pattern UNSAFE_ENDPOINT_CHARS = Pattern.compile("[^A-Za-z0-9]");

    /** The files of one reply: this call's, then every later call's ({@code .then.*}). */
    private static final List<String> REPLY_FILES =
            List.of(
                    ".out",
                    ".exit",
                    ".err",
                    ".delay",
                    ".then.out",
                    ".then.exit",
                    ".then.err",
                    ".then.delay");

    private final Path root;

    FleetLayout(Path root) {
        this.root = root;
    }

    // ------------------------------------------------------------------------------------------
    // where things are

    Path root() {
        return root;
    }

    Path usersFile() {
        return root.resolve("circus_users.yaml");
    }

    String homesTemplate() {
        return root.resolve("users") + "/{user}/circus";
    }

    Path home(String user) {
        return root.resolve("users").resolve(user).resolve("circus");
    }

    Path circusIni(String user, String host) {
        return home(user).resolve(host).resolve("circus.ini");
    }

    /**
     * The OpenSSH client config: {@code Host}, {@code HostName}, {@code Port}, {@code User}, {@code
     * IdentityFile} per host.
     */
    Path sshConfig() {
        return root.resolve("ssh_config");
    }

    /** Host keys of the NORMAL hosts, as {@code [127.0.0.K]:PORT ssh-ed25519 ...}. */
    Path knownHosts() {
        return root.resolve("known_hosts");
    }

    /** The client's private key (ed25519, no passphrase), authorized on every host. */
    Path identityFile() {
        return root.resolve("id_ed25519");
    }

    /** The client's public key, which every sshd takes. */
    Path authorizedKeys() {
        return root.resolve("authorized_keys");
    }

    /** What {@link TestFleet#attach} reads: the user and each host's kind, address and port. */
    Path properties() {
        return root.resolve("fleet.properties");
    }

    Path hostDir(String host) {
        return root.resolve("hosts").resolve(host);
    }

    /** The host's shims, bound on its {@code /usr/local/bin}. */
    Path bin(String host) {
        return hostDir(host).resolve("bin");
    }

    /** The host's unit files, bound on its {@code /etc/systemd/system}. */
    Path units(String host) {
        return hostDir(host).resolve("units");
    }

    /** The host's own empty {@code ~/.bashrc}, bound on the test machine's. */
    Path bashrc(String host) {
        return hostDir(host).resolve("bashrc");
    }

    private Path state(String host) {
        return hostDir(host).resolve("state");
    }

    private Path callsLog(String host) {
        return state(host).resolve("calls.log");
    }

    /** The folder of an endpoint's replies: while it exists, the endpoint answers. */
    Path endpointDir(String host, String endpoint) {
        return state(host)
                .resolve("circus")
                .resolve(UNSAFE_ENDPOINT_CHARS.matcher(endpoint).replaceAll("_"));
    }

    /**
     * The file name the circusctl shim looks up for a command ({@code "--json status x"} is {@code
     * json-status-x}).
     */
    static String replyKey(String command) {
        List<String> words = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        boolean json = false;
        if (!words.isEmpty() && words.get(0).equals("--json")) {
            json = true;
            words.remove(0);
        }
        if (words.isEmpty() || words.get(0).isEmpty()) {
            throw new IllegalArgumentException("no circusctl command in '" + command + "'");
        }
        String key = UNSAFE_KEY_CHARS.matcher(String.join("-", words)).replaceAll("_");
        return (json ? "json-" : "") + key;
    }

    /** Every file that makes up the reply of an endpoint to a command. */
    List<Path> replyFiles(String host, String endpoint, String command) {
        Path dir = endpointDir(host, endpoint);
        String key = replyKey(command);
        return REPLY_FILES.stream().map(ext -> dir.resolve(key + ext)).toList();
    }

    // ------------------------------------------------------------------------------------------
    // the homes and the users file

    void writeUsers(List<String> users) {
        StringBuilder b = new StringBuilder("---\n\n");
        if (users.isEmpty()) {
            b.append("[]\n");
        }
        for (String u : users) {
            b.append("- ").append(u).append('\n');
        }
        write(usersFile(), b.toString());
    }

    void writeHomes(FleetSpec spec) {
        mkdirs(root.resolve("users"));
        for (String u : spec.homes()) {
            mkdirs(home(u));
        }
        for (FleetSpec.Ini ini : spec.circusInis()) {
            Path file = circusIni(ini.user(), ini.host());
            mkdirs(file.getParent());
            ini.content().ifPresent(content -> write(file, content));
        }
    }

    // ------------------------------------------------------------------------------------------
    // a host's shims and what they read

    /** The host's folder; for a host with an sshd, its shims, units and circusd replies. */
    void writeHost(FleetSpec.Host spec) {
        String host = spec.name();
        mkdirs(hostDir(host));
        if (!spec.kind().hasSshd()) {
            return;
        }
        Path state = state(host);
        for (Path d :
                List.of(
                        bin(host),
                        units(host),
                        state.resolve("units"),
                        state.resolve("circus"),
                        state.resolve("circusctl"))) {
            mkdirs(d);
        }
        write(callsLog(host), new byte[0]);
        write(bashrc(host), new byte[0]);
        for (String shim : List.of("systemctl", "circusctl")) {
            writeShim(
                    host,
                    shim,
                    new String(
                            CircusctlCase.resource("testfleet/" + shim), StandardCharsets.UTF_8));
        }
        writeCircusctlTexts(state.resolve("circusctl"));
        for (FleetSpec.Unit u : spec.units()) {
            write(units(host).resolve(u.name()), u.content());
            writeUnitState(host, u.name(), u.unitFileState(), u.activeState(), u.subState());
        }
        for (FleetSpec.Endpoint e : spec.endpoints()) {
            mkdirs(endpointDir(host, e.endpoint()));
            for (Map.Entry<String, Reply> r : e.replies().entrySet()) {
                writeReply(host, e.endpoint(), r.getKey(), r.getValue());
            }
        }
    }

    /** circusctl's captured help, timeout and usage texts, which the shim prints. */
    private static void writeCircusctlTexts(Path data) {
        write(data.resolve("help.txt"), CircusctlCase.load("help").stdout());
        write(data.resolve("help-status.txt"), CircusctlCase.load("help-status").stdout());
        write(data.resolve("timed-out.err"), CircusctlCase.load("status-endpoint-down").stderr());
        write(data.resolve("version.txt"), "circusctl 0.19.0\n");
        String usage = CircusctlCase.load("unknown-command").err();
        String suffix = "unrecognized arguments: bogus\n";
        if (!usage.endsWith(suffix)) {
            throw new IllegalStateException("unexpected fixture unknown-command.meta: " + usage);
        }
        write(
                data.resolve("usage-error-prefix"),
                usage.substring(0, usage.length() - suffix.length()));
    }

    /**
     * A program in the host's {@code /usr/local/bin}; {@code @STATE_DIR@} in the script is the
     * host's {@code state/} folder.
     */
    void writeShim(String host, String program, String script) {
        FleetFiles.writeExecutable(
                bin(host).resolve(checkName(program)),
                script.replace("@STATE_DIR@", state(host).toString()));
    }

    /** Where a unit's runtime state is kept. */
    Path unitState(String host, String unit) {
        return state(host).resolve("units").resolve(checkName(unit));
    }

    void writeUnitState(String host, String unit, String ufs, String active, String sub) {
        write(
                unitState(host, unit),
                "UnitFileState=" + ufs + "\nActiveState=" + active + "\nSubState=" + sub + "\n");
    }

    /** Sets (or replaces) the reply to {@code command}; the endpoint answers from then on. */
    void writeReply(String host, String endpoint, String command, Reply reply) {
        Path dir = endpointDir(host, endpoint);
        mkdirs(dir);
        writeReplyFiles(dir, replyKey(command), reply);
    }

    /**
     * {@code first} for the next call of {@code command} alone, {@code then} for every later one.
     */
    void writeReplies(String host, String endpoint, String command, Reply first, Reply then) {
        Path dir = endpointDir(host, endpoint);
        mkdirs(dir);
        writeReplyFiles(dir, replyKey(command) + ".then", then);
        writeReplyFiles(dir, replyKey(command), first);
    }

    private static void writeReplyFiles(Path dir, String key, Reply r) {
        for (String ext : List.of(".exit", ".err", ".delay")) {
            delete(dir.resolve(key + ext));
        }
        if (r.exitCode() != 0) {
            write(dir.resolve(key + ".exit"), r.exitCode() + "\n");
        }
        if (r.stderr().length > 0) {
            write(dir.resolve(key + ".err"), r.stderr());
        }
        if (r.delay() != null) {
            writeDelayFile(dir.resolve(key + ".delay"), r.delay());
        }
        write(dir.resolve(key + ".out"), r.stdout());
    }

    /** The reply the endpoint has for {@code command}, whatever it is, after {@code delay}. */
    void writeDelay(String host, String endpoint, String command, Duration delay) {
        Path reply = endpointDir(host, endpoint).resolve(replyKey(command));
        if (!Files.isRegularFile(Path.of(reply + ".out"))) {
            throw new IllegalArgumentException(
                    host + " has no reply to '" + command + "' at " + endpoint + " to delay");
        }
        writeDelayFile(Path.of(reply + ".delay"), delay);
    }

    private static void writeDelayFile(Path file, Duration delay) {
        write(file, String.format(Locale.ROOT, "%.3f%n", delay.toMillis() / 1000.0));
    }

    /** Removes an endpoint's folder: every circusctl call to it then times out. */
    void silenceEndpoint(String host, String endpoint) {
        FleetFiles.deleteTree(endpointDir(host, endpoint));
    }

    /** The shims' calls on the host so far, one line each. */
    List<String> calls(String host) {
        Path log = callsLog(host);
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void clearCalls(String host) {
        Path log = callsLog(host);
        if (Files.exists(log)) {
            write(log, new byte[0]);
        }
    }
}
