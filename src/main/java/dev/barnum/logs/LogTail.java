package dev.barnum.logs;

import java.util.List;

/**
 * The last lines of a log, as shown.
 *
 * @param lines oldest first, each decoded and cut as {@link LineText} says
 * @param bytesRead how many bytes of the file were read to find them
 * @param end the file's size when it was read
 * @param resume where following the file goes on from: {@code end}, or the start of a last line
 *     still being written (without its line feed yet), which following shows once it is complete
 * @param notes what was not shown, and why (reading stopped at its bound), one line each
 */
public record LogTail(
        List<String> lines, long bytesRead, long end, long resume, List<String> notes) {

    public LogTail {
        lines = List.copyOf(lines);
        notes = List.copyOf(notes);
    }

    /** The lines, but for a last line still being written, which following shows once complete. */
    List<String> completeLines() {
        return resume < end && !lines.isEmpty() ? lines.subList(0, lines.size() - 1) : lines;
    }
}
