package dev.barnum.report;

import dev.barnum.logs.LogTail;
import dev.barnum.logs.Logs;
import java.util.List;

/**
 * The last lines of a log as JSON: the REST API's log reads answer it, and so does {@code
 * barnum-cli logs --output json}.
 *
 * @param watcher as circus.ini names it; null for circusd's own log
 * @param stream {@code stdout}, {@code stderr} or {@code circus}
 * @param file where the log is, inside the user's circus home
 * @param lines oldest first; not UTF-8 bytes as U+FFFD, control characters escaped ({@code \x1b}),
 *     at most 8 KiB of a line ({@code ... [N more bytes]})
 * @param bytesRead how many bytes of the file were read (at most 4 MiB, from its end)
 * @param notes what was not shown, and why, one line each
 */
public record LogView(
        String host,
        String user,
        String watcher,
        String stream,
        String file,
        List<String> lines,
        long bytesRead,
        List<String> notes) {

    public static LogView of(Logs.Log log, LogTail tail) {
        return new LogView(
                log.instance().host(),
                log.instance().user(),
                log.watcher().orElse(null),
                log.stream().label(),
                log.file().toString(),
                tail.lines(),
                tail.bytesRead(),
                tail.notes());
    }
}
