package dev.barnum.remote;

import dev.barnum.base.Daemons;
import dev.barnum.base.Deadline.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs commands on the current host, without a shell in between (argv goes straight to exec). */
public final class LocalShell implements Shell {

    /**
     * Output readers block until the process closes its pipes, so they get threads of their own.
     */
    private final ExecutorService drainers =
            Executors.newCachedThreadPool(Daemons.named("barnum-local-drain"));

    private final Ticker ticker;

    /**
     * @param ticker measures durations (monotonic: {@link Ticker#SYSTEM})
     */
    public LocalShell(Ticker ticker) {
        this.ticker = ticker;
    }

    @Override
    public ExecResult run(List<String> argv, Duration timeout) throws ShellException {
        long start = ticker.nanos();
        Process process;
        try {
            process =
                    new ProcessBuilder(argv)
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .start();
        } catch (IOException e) {
            throw new ShellException(
                    Reason.COMMAND, "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<BoundedOutput> out = drain(process.getInputStream());
        CompletableFuture<BoundedOutput> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ShellException(
                        Reason.TIMEOUT,
                        ShellQuote.join(argv)
                                + " did not finish within "
                                + timeout.toMillis()
                                + " ms");
            }
            BoundedOutput stdout = out.get(1, TimeUnit.SECONDS);
            BoundedOutput stderr = err.get(1, TimeUnit.SECONDS);
            stdout.refuseOverflow("this host", "stdout", argv);
            stderr.refuseOverflow("this host", "stderr", argv);
            return new ExecResult(
                    argv,
                    process.exitValue(),
                    stdout.text(),
                    stderr.text(),
                    Duration.ofNanos(ticker.nanos() - start));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ShellException(Reason.TIMEOUT, "interrupted while running " + argv.get(0), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ShellException(
                    Reason.COMMAND,
                    "cannot read the output of " + argv.get(0) + ": " + e.getMessage(),
                    e);
        }
    }

    /** Reads the stream to its end, keeping what {@link BoundedOutput} keeps. */
    private CompletableFuture<BoundedOutput> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    BoundedOutput output = new BoundedOutput();
                    try (stream) {
                        stream.transferTo(output);
                        return output;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                drainers);
    }

    @Override
    public String describe(List<String> argv) {
        return ShellQuote.join(argv);
    }

    @Override
    public void close() {
        drainers.shutdownNow();
    }
}
