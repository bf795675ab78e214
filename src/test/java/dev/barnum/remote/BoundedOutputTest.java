package dev.barnum.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.base.Deadline.Ticker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a command prints is kept up to a limit; past it, it is still read, counted and refused. */
class BoundedOutputTest {

    @Test
    void keepsUpToTheLimitAndCountsTheRest() throws ShellException {
        BoundedOutput output = new BoundedOutput(5);
        output.write("abc".getBytes(), 0, 3);
        output.write('d');
        output.refuseOverflow("h", "stdout", List.of("x"));
        output.write("efgh".getBytes(), 0, 4);
        output.write('i');
        assertThat(output.text()).isEqualTo("abcde");
        assertThat(output.total()).isEqualTo(9);
        assertThat(output.overflowed()).isTrue();
        assertThatThrownBy(
                        () ->
                                output.refuseOverflow(
                                        "host1", "stdout", List.of("systemctl", "show")))
                .isInstanceOfSatisfying(
                        ShellException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARSE))
                .hasMessage(
                        "host1: systemctl printed 9 bytes on stdout, more than the 5 Barnum reads");
    }

    @Test
    void aLocalCommandThatPrintsWithoutEndIsRefusedAfterBeingReadToItsEnd() {
        long printed = BoundedOutput.LIMIT + 1_000_000L;
        try (LocalShell shell = new LocalShell(Ticker.SYSTEM)) {
            assertThatThrownBy(
                            () ->
                                    shell.run(
                                            List.of(
                                                    "head",
                                                    "-c",
                                                    Long.toString(printed),
                                                    "/dev/zero"),
                                            Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(
                            ShellException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PARSE))
                    .hasMessage(
                            "this host: head printed "
                                    + printed
                                    + " bytes on stdout, more than the "
                                    + BoundedOutput.LIMIT
                                    + " Barnum reads");
        }
    }
}
