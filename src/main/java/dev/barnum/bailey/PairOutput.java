package dev.barnum.bailey;

import dev.barnum.remote.ExecResult;
import dev.barnum.state.CircusFinding;
import dev.barnum.systemd.UnitStatus;
import java.util.function.Function;

/**
 * One unit's part of an operator's circus command: what its circusd printed, or why the command did
 * not run there.
 */
public record PairOutput(UnitStatus status, String user, Reply reply) {

    public String unit() {
        return status.id();
    }

    public boolean problem() {
        return reply.match(printed -> !printed.result().ok(), notRun -> notRun.why().problem());
    }

    /** Printed or not run: {@link #match} asks for an answer to both. */
    public sealed interface Reply {
        <R> R match(Function<Printed, R> printed, Function<NotRun, R> notRun);
    }

    /** The command ran: circusctl's output, verbatim, whatever its exit. */
    public record Printed(String endpoint, ExecResult result) implements Reply {
        @Override
        public <R> R match(Function<Printed, R> printed, Function<NotRun, R> notRun) {
            return printed.apply(this);
        }
    }

    /** The command did not run, or circusd did not answer it: why, as a poll would have said it. */
    public record NotRun(CircusFinding why) implements Reply {
        @Override
        public <R> R match(Function<Printed, R> printed, Function<NotRun, R> notRun) {
            return notRun.apply(this);
        }
    }
}
