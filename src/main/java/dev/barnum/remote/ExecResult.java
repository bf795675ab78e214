package dev.barnum.remote;

import java.time.Duration;
import java.util.List;

/** What one command did: its argv, exit status, output and how long it took. */
public record ExecResult(List<String> argv, int exit, String stdout, String stderr, Duration took) {

    public ExecResult {
        argv = List.copyOf(argv);
    }

    public boolean ok() {
        return exit == 0;
    }

    /**
     * The first line of stderr, or of stdout when stderr is empty: what a one-line report shows.
     */
    public String firstErrorLine() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip().lines().findFirst().orElse("exit status " + exit);
    }
}
