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
     * How a person would type {@code argv} to get the same effect, e.g. {@code ssh -q host1
     * 'systemctl' ...}.
     */
    String describe(List<String> argv);

    @Override
    void close();
}
