package dev.barnum.logs;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows a log as it grows, as {@code tail -F} does: looks at it every {@code interval}, shows
 * each line appended once it is complete (cut as {@link LineText} says), and goes on from the start
 * of the file, saying so, when it was truncated or when another file took its name (rotation: what
 * the old one still had is shown first). Runs until its thread is interrupted. Every look reaches
 * the file as {@link ConfinedFile} does.
 */
final class Follower {

    private final ConfinedFile files;
    private final Path file;
    private final LogSink sink;

    /** The line being written: at most one byte past what is shown of a line. */
    private final byte[] partial = new byte[LineText.LINE_LIMIT + 1];

    private int partialLength;

    /** Bytes of the line being written beyond {@link #partial}. */
    private long dropped;

    private ConfinedFile.Opened current;
    private long position;
    private boolean gone;
    private String lastProblem;

    Follower(ConfinedFile files, Path file, LogSink sink) {
        this.files = files;
        this.file = file;
        this.sink = sink;
    }

    /**
     * @param opened the file as the tail read it, taken over (and closed) by the follower
     * @param from where to go on from ({@link LogTail#resume()})
     * @throws InterruptedException when its thread is interrupted: the only way it ends
     */
    void run(ConfinedFile.Opened opened, long from, Duration interval) throws InterruptedException {
        current = opened;
        position = from;
        try {
            while (true) {
                boolean more = look();
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (!more) {
                    Thread.sleep(interval.toMillis());
                }
            }
        } finally {
            close();
        }
    }

    /**
     * @return whether bytes were left unread (the next look comes at once)
     */
    private boolean look() throws InterruptedException {
        try {
            if (current != null && readMore()) {
                return true;
            }
            Optional<Object> now = files.key(file);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException(); // the look was cut short, not the file gone
            }
            if (now.isEmpty()) {
                if (!gone) {
                    gone = true;
                    sink.note(file + ": gone; waiting for it to come back");
                }
                return false;
            }
            if (current != null && now.get().equals(current.key())) {
                gone = false; // moved away and back: the same file
                return false;
            }
            reopen();
            return true;
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException();
        } catch (IOException e) {
            problem(file + ": cannot be read: " + ConfinedFile.reason(e));
            close();
            gone = true; // opened again at the next look
            return false;
        }
    }

    /** Shows what was appended, at most {@link Tail#BYTE_LIMIT} at a time. */
    private boolean readMore() throws IOException {
        long size = current.channel().size();
        if (size < position) {
            endLine();
            sink.note(file + ": truncated; following it from its start");
            position = 0;
        }
        long unread = size - position;
        if (unread <= 0) {
            return false;
        }
        byte[] bytes = new byte[(int) Math.min(unread, Tail.BYTE_LIMIT)];
        int read = Tail.readAt(current.channel(), position, bytes);
        position += read;
        feed(bytes, read);
        return read > 0 && read < unread;
    }

    /** Another file has the name now (or the file is back): the old one's rest, then the new. */
    private void reopen() throws IOException, InterruptedException {
        if (current != null) {
            while (readMore()) {
                // what the replaced file still had
            }
            endLine();
            close();
        }
        ConfinedFile.Opened next;
        try {
            next = files.open(file);
        } catch (LogUnavailableException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            problem(e.getMessage());
            gone = true;
            return;
        }
        sink.note(
                file
                        + (gone ? ": back" : ": replaced by a new file")
                        + "; following it from its start");
        current = next;
        gone = false;
        position = 0;
        lastProblem = null;
    }

    /** Says a problem once, not at every look while it lasts. */
    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            sink.note(message);
        }
        lastProblem = message;
    }

    private void feed(byte[] bytes, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                keep(bytes, start, i);
                emit();
                start = i + 1;
            }
        }
        keep(bytes, start, length);
    }

    private void keep(byte[] bytes, int from, int to) {
        int fits = Math.min(to - from, partial.length - partialLength);
        System.arraycopy(bytes, from, partial, partialLength, fits);
        partialLength += fits;
        dropped += to - from - fits;
    }

    /** Shows the line being written, if any: its file was truncated or replaced. */
    private void endLine() {
        if (partialLength > 0 || dropped > 0) {
            emit();
        }
    }

    private void emit() {
        sink.line(LineText.of(partial, 0, partialLength, dropped));
        partialLength = 0;
        dropped = 0;
    }

    private void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
