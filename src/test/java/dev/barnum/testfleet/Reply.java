package dev.barnum.testfleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One canned reply of the circusctl shim: exact stdout and stderr bytes, the exit code and an
 * optional delay before answering (for timeouts).
 */
public record Reply(byte[] stdout, int exitCode, byte[] stderr, Duration delay) {
    public Reply {
        stdout = stdout == null ? new byte[0] : stdout;
        stderr = stderr == null ? new byte[0] : stderr;
    }

    /** stdout, exit 0. */
    public static Reply of(String stdout) {
        return of(stdout, 0, "");
    }

    /** stdout, exit code, stderr. */
    public static Reply of(String stdout, int exitCode, String stderr) {
        return new Reply(
                stdout.getBytes(StandardCharsets.UTF_8),
                exitCode,
                stderr.getBytes(StandardCharsets.UTF_8),
                null);
    }

    /** The captured case {@code fixtures/circusctl/NAME}. */
    public static Reply fixture(String name) {
        return CircusctlCase.load(name).reply();
    }

    /**
     * stdout from a test-classpath resource (e.g. {@code testfleet/seed/host1-user1-status.txt}),
     * exit 0.
     */
    public static Reply resource(String path) {
        return new Reply(CircusctlCase.resource(path), 0, null, null);
    }

    /** The same reply after a delay. */
    public Reply delayed(Duration d) {
        return new Reply(stdout, exitCode, stderr, d);
    }
}
