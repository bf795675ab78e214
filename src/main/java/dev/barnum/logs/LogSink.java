package dev.barnum.logs;

/** Where a followed log goes: its lines, and what happens to its file. */
public interface LogSink {

    /** One line of the log, as {@code LineText} shows it. */
    void line(String line);

    /** Something about the file, not a line of it: truncated, replaced, gone, back. */
    void note(String note);
}
