package dev.barnum.remote;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * What a host prints for one command, kept up to {@link #LIMIT} bytes: the host's output is not
 * Barnum's to trust, and a command that prints without end must cost a bounded amount of memory.
 * Past the limit, bytes are still taken (a writer that stops being read would block every channel
 * of its SSH session) but dropped, and {@link #overflowed()} says so. Tells when it is closed,
 * which jsch does at the end of the command's output.
 */
final class BoundedOutput extends OutputStream {

    /**
     * The most bytes kept of one command's stdout or stderr; circus's largest replies are a few
     * hundred KiB.
     */
    static final int LIMIT = 16 << 20;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private long total;
    final CountDownLatch closed = new CountDownLatch(1);

    BoundedOutput() {
        this(LIMIT);
    }

    BoundedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (total++ < limit) {
            kept.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        long room = Math.max(0, limit - total);
        kept.write(bytes, offset, (int) Math.min(room, length));
        total += length;
    }

    @Override
    public void close() {
        closed.countDown();
    }

    synchronized boolean overflowed() {
        return total > limit;
    }

    /** How many bytes were written, kept or not. */
    synchronized long total() {
        return total;
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    /**
     * @throws ShellException ({@link Reason#PARSE}) when {@code stream} of {@code argv} went past
     *     the limit
     */
    void refuseOverflow(String host, String stream, java.util.List<String> argv)
            throws ShellException {
        if (overflowed()) {
            throw new ShellException(
                    Reason.PARSE,
                    host
                            + ": "
                            + argv.get(0)
                            + " printed "
                            + total()
                            + " bytes on "
                            + stream
                            + ", more than the "
                            + limit
                            + " Barnum reads");
        }
    }
}
