package dev.barnum.circus;

import dev.barnum.remote.ExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** argv for circusctl: global options first (circusctl rejects them after the command). */
public final class CircusctlCommands {

    private final String circusctl;
    private final Duration timeout;

    public CircusctlCommands(String circusctl, Duration timeout) {
        this.circusctl = circusctl;
        this.timeout = timeout;
    }

    /** How long circusd may take to answer (circusctl's {@code --timeout}). */
    public Duration timeout() {
        return timeout;
    }

    /**
     * {@code circusctl --endpoint EP --timeout N --json ARGS}: one JSON reply line, exit 0 even for
     * error replies.
     */
    public List<String> json(String endpoint, List<String> args) {
        List<String> argv = base(endpoint);
        argv.add("--json");
        argv.addAll(args);
        return argv;
    }

    /**
     * {@code circusctl --endpoint EP --timeout N ARGS}: circus's own text output, for a person to
     * read.
     */
    public List<String> text(String endpoint, List<String> args) {
        List<String> argv = base(endpoint);
        argv.addAll(args);
        return argv;
    }

    /**
     * Whether circusctl gave up waiting for circusd (exit 1, {@code Timed out.} first, on stderr
     * or, with the streams merged, on stdout): nothing answered at the endpoint.
     */
    public static boolean timedOut(ExecResult result) {
        return result.exit() == 1
                && (result.stderr().startsWith("Timed out.")
                        || result.stdout().startsWith("Timed out."));
    }

    private List<String> base(String endpoint) {
        return new ArrayList<>(
                List.of(
                        circusctl,
                        "--endpoint",
                        endpoint,
                        "--timeout",
                        Long.toString(Math.max(1, timeout.toSeconds()))));
    }
}
