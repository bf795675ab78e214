package dev.barnum.remote;

import java.time.Duration;
import java.util.List;

/**
 * The one seam for all host IO: runs an argv on a host. Implementations never let a command run
 * past its timeout.
 */
public interface Shell extends AutoCloseable {

    /**
     * Runs {@code argv} and waits for it at most {@code timeout}.
     *
     * @return the command's result, whatever its exit status
     * @throws ShellException when the host cannot be reached or the command did not end in time
     *     ({@link Reason#TIMEOUT}); the shell recovers for the next call
     */
    ExecResult run(List<String> argv, Duration timeout) throws ShellException;

    /**
     * Runs several commands in one round trip, all at once (see {@link Batch}); each result's
     * stdout holds the command's stdout and stderr merged.
     *
     * @throws ShellException when the batch as a whole could not run or did not end in time
     */
    default List<ExecResult> runAll(List<List<String>> commands, Duration timeout)
            throws ShellException {
        Batch batch = new Batch(commands);
        return batch.results(run(batch.argv(), timeout));
    }

    /**
     * Opens a byte link to a socket on the host, through this shell's connection: the peer's bytes
     * are pushed to {@code inbound} as they arrive, by the connection's own reader (no thread per
     * link), and {@code inbound} is closed when the link ends.
     *
     * @throws ForwardingRefusedException when the host refuses to forward (it will keep refusing)
     * @throws NotListeningException when nothing accepts connections at {@code target}
     * @throws ShellException when the host cannot be reached or does not answer in time
     */
    default Link link(LinkTarget target, java.io.OutputStream inbound, Duration timeout)
            throws ShellException {
        throw new ForwardingRefusedException("this shell forwards nothing");
    }

    /**
     * How a person would type {@code argv} to get the same effect, e.g. {@code ssh -q host1
     * 'systemctl' ...}.
     */
    String describe(List<String> argv);

    @Override
    void close();
}
