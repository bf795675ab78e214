package dev.barnum.circus;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * circus.ini text as users write it, and as a hostile one might: sections (also [DEFAULT], [env],
 * wrong case, broken headers), keys with either delimiter, values with inline comments, {@code #},
 * {@code $(circus.env.X)} references, continuation lines, comment and {@code rem} lines, any line
 * ending, and include lines whose patterns point inside and outside the home.
 */
final class IniGenerators {

    /** Replaced by the real folder outside the home when a try writes its files. */
    static final String OUTSIDE = "@OUTSIDE@";

    private IniGenerators() {}

    /**
     * Include patterns: inside the home (plain, wildcards, up to a sibling folder), into a folder
     * of hostile files (a FIFO, a sparse 2 MiB file, links leading out or nowhere or in a loop),
     * and out of the home as written (absolute, climbing up, into another user's home, /dev/zero).
     */
    static Arbitrary<String> patterns() {
        return Arbitraries.of(
                "extra.ini",
                "conf.d/*.ini",
                "*.ini",
                "conf.d",
                "../shared/*.ini",
                "../h/extra.ini",
                "link-in.ini",
                "hostile/pipe.ini",
                "hostile/big.ini",
                "hostile/link-out.ini",
                "hostile/dangling.ini",
                "hostile/loop.ini",
                "hostile/dir-out/*.ini",
                "hostile/*.ini",
                "hostile/zero",
                "hostile",
                "/dev/zero",
                "/etc/passwd",
                OUTSIDE + "/secret.ini",
                OUTSIDE + "/*.ini",
                "../../v/circus/h/*.ini",
                "../../*/circus/h/*.ini",
                "../../../*",
                "../../../outside/secret.ini",
                "nothing/*.ini",
                "[!c]*.ini",
                "?xtra.ini",
                "[z-a].ini",
                "conf.d/",
                "*/",
                ".hidden.ini",
                ".*.ini",
                "..",
                ".",
                "*/*.ini",
                "*/*/*.ini",
                "\u00e9.ini");
    }

    static Arbitrary<String> text(Arbitrary<String> patterns) {
        Arbitrary<String> header =
                Arbitraries.of(
                        "[circus]",
                        "[circus]",
                        "[env]",
                        "[env]",
                        "[DEFAULT]",
                        "[watcher:web]",
                        "[watcher:a b:c]",
                        "[Circus]",
                        "[ENV]",
                        "[]",
                        "[",
                        "[a]b]",
                        " [circus]",
                        "[circus] ; comment",
                        "[env]x");
        Arbitrary<String> key =
                Arbitraries.of(
                        "endpoint",
                        "endpoint",
                        "Endpoint",
                        "include",
                        "include_dir",
                        "check_delay",
                        "host",
                        "port",
                        "PORT",
                        "X",
                        "secret",
                        "",
                        " ",
                        "rem",
                        "a b",
                        "endpoint ",
                        "\u00a0endpoint");
        Arbitrary<String> delimiter =
                Arbitraries.of(" = ", "=", " : ", ":", " =: ", "\t=\t", " :=");
        Arbitrary<String> value =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                5,
                                Arbitraries.of(
                                        "tcp://127.0.0.1:5555",
                                        "ipc:///run/u/circus.sock",
                                        "tcp://$(circus.env.host):$(circus.env.PORT)",
                                        "tcp://127.0.0.1:((circus.env.port))",
                                        "$(CIRCUS.ENV.SECRET)",
                                        "$(circus.env.x)$(circus.env.x)",
                                        "tcp://h:$(circus.wid)",
                                        "%(here)s",
                                        "\"\"",
                                        "a ; comment",
                                        "a;b",
                                        ";x",
                                        "#x",
                                        "a # b",
                                        "",
                                        "7000",
                                        "h1")),
                        Tuple.of(
                                2,
                                Arbitraries.strings()
                                        .withChars("=:;#$()[]\" \tabc.-/\\\u00a0\u0085")
                                        .ofMaxLength(12)),
                        Tuple.of(
                                1,
                                Arbitraries.strings()
                                        .withCharRange('\u0001', '\u2fff')
                                        .ofMaxLength(6)));
        Arbitrary<String> include =
                Combinators.combine(
                                Arbitraries.of("include", "include_dir", "include", "Include"),
                                Arbitraries.of(" = ", "="),
                                patterns.list().ofMinSize(1).ofMaxSize(3))
                        .as((k, d, ps) -> k + d + String.join(" ", ps));
        Arbitrary<String> line =
                Arbitraries.frequencyOf(
                        Tuple.of(3, header),
                        Tuple.of(
                                6,
                                Combinators.combine(key, delimiter, value)
                                        .as((k, d, v) -> k + d + v)),
                        Tuple.of(3, include),
                        Tuple.of(
                                2,
                                Combinators.combine(Arbitraries.of("  ", "\t", " \u00a0"), value)
                                        .as((indent, v) -> indent + v)),
                        Tuple.of(
                                2,
                                Arbitraries.of(
                                        "# comment",
                                        "; comment",
                                        "rem comment",
                                        "REM",
                                        "Rem x",
                                        "remark = 1",
                                        "",
                                        "   ",
                                        "\u00a0",
                                        "no delimiter here",
                                        "[DEFAULT]",
                                        "x")));
        Arbitrary<List<String>> lines = line.list().ofMaxSize(16);
        return Combinators.combine(
                        Arbitraries.of("[circus]", "[circus]", "[circus]", "", "[env]"),
                        lines,
                        Arbitraries.of("\n", "\n", "\r\n", "\r"),
                        Arbitraries.of("", "\n"))
                .as(
                        (first, rest, eol, last) ->
                                first
                                        + (first.isEmpty() ? "" : eol)
                                        + String.join(eol, rest)
                                        + last);
    }
}
