package dev.barnum.testfleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One captured circusctl case of {@code fixtures/circusctl/} (test classpath): {@code NAME.txt} is
 * stdout, {@code NAME.meta} holds the command line, the exit code and stderr, all exact bytes.
 *
 * @param name the case name, e.g. {@code json-status-all-a}
 * @param command the captured command line (without a trailing note in parentheses)
 * @param exitCode the exit code
 * @param stdout stdout, exact bytes
 * @param stderr stderr, exact bytes
 */
public record CircusctlCase(
        String name, String command, int exitCode, byte[] stdout, byte[] stderr) {

    private static final String DIR = "fixtures/circusctl/";

    /** Loads {@code fixtures/circusctl/NAME.txt} and {@code NAME.meta} from the test classpath. */
    public static CircusctlCase load(String name) {
        byte[] out = resource(DIR + name + ".txt");
        byte[] meta = resource(DIR + name + ".meta");
        String text = new String(meta, StandardCharsets.UTF_8);
        int marker = text.indexOf("\nstderr:\n");
        if (!text.startsWith("command: ") || marker < 0) {
            throw new IllegalArgumentException("malformed " + DIR + name + ".meta");
        }
        String head = text.substring(0, marker);
        String command = null;
        Integer exit = null;
        for (String line : head.split("\n")) {
            if (line.startsWith("command: ")) {
                command = line.substring("command: ".length());
                int note = command.indexOf("   (");
                if (note >= 0) {
                    command = command.substring(0, note);
                }
                command = command.strip();
            } else if (line.startsWith("exit: ")) {
                exit = Integer.valueOf(line.substring("exit: ".length()).strip());
            }
        }
        if (command == null || exit == null) {
            throw new IllegalArgumentException("malformed " + DIR + name + ".meta");
        }
        int errStart = head.getBytes(StandardCharsets.UTF_8).length + "\nstderr:\n".length();
        byte[] err = Arrays.copyOfRange(meta, errStart, meta.length);
        return new CircusctlCase(name, command, exit, out, err);
    }

    /** stdout as UTF-8 text. */
    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** stderr as UTF-8 text. */
    public String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Whether the captured command used {@code --json} (before the command). */
    public boolean json() {
        return parse().json;
    }

    /** The command words after circusctl's global options, e.g. {@code [status, workers]}. */
    public List<String> words() {
        return parse().words;
    }

    /** The endpoint the command was sent to, or null when none was given. */
    public String endpoint() {
        return parse().endpoint;
    }

    /**
     * The command in the form {@link FleetSpec.Endpoint#reply(String, String)} takes: the words,
     * prefixed by {@code --json} when the capture used it ({@code "--json status"}).
     */
    public String replyCommand() {
        Parsed p = parse();
        return (p.json ? "--json " : "") + String.join(" ", p.words);
    }

    /** This case as a reply of the circusctl shim. */
    public Reply reply() {
        return new Reply(stdout, exitCode, stderr, null);
    }

    private record Parsed(boolean json, String endpoint, List<String> words) {}

    private Parsed parse() {
        List<String> tokens = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        if (tokens.isEmpty() || !tokens.get(0).equals("circusctl")) {
            throw new IllegalStateException("not a circusctl command: " + command);
        }
        boolean json = false;
        String endpoint = null;
        int i = 1;
        while (i < tokens.size() && tokens.get(i).startsWith("--")) {
            String t = tokens.get(i);
            switch (t) {
                case "--json" -> json = true;
                case "--endpoint" -> endpoint = tokens.get(++i);
                case "--timeout", "--ssh", "--ssh_keyfile" -> i++;
                default -> {}
            }
            i++;
        }
        return new Parsed(json, endpoint, List.copyOf(tokens.subList(i, tokens.size())));
    }

    static byte[] resource(String path) {
        ClassLoader loader = CircusctlCase.class.getClassLoader();
        InputStream in = loader.getResourceAsStream(path);
        if (in == null && Thread.currentThread().getContextClassLoader() != null) {
            in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        }
        if (in == null) {
            throw new IllegalArgumentException("no resource " + path + " on the test classpath");
        }
        try (InputStream s = in) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
