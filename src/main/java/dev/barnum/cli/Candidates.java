package dev.barnum.cli;

import dev.barnum.config.Names;
import dev.barnum.discovery.Inventory;
import dev.barnum.fleet.Fleet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The words shell completion offers for a TARGET ({@code all}, every host of the homes, then every
 * {@code user@host}), for bailey's USER (the listed users) and for logs' USER@HOST. Read from the
 * homes when the completion script is generated, never while a command runs; none when the homes
 * cannot be read, so that completion of the commands and options still works. Only names Barnum
 * accepts are offered: they are written into a script that bash evaluates. Picocli makes each kind
 * with its no-argument constructor (no words) unless {@link #factory} makes it.
 */
abstract class Candidates implements Iterable<String> {

    private final Supplier<Optional<Inventory>> inventory;
    private final Function<Inventory, List<String>> words;

    Candidates(Supplier<Optional<Inventory>> inventory, Function<Inventory, List<String>> words) {
        this.inventory = inventory;
        this.words = words;
    }

    @Override
    public Iterator<String> iterator() {
        return inventory.get().map(words).orElse(List.of()).iterator();
    }

    /** TARGET's words. */
    public static final class Targets extends Candidates {
        public Targets() {
            this(Optional::empty);
        }

        Targets(Supplier<Optional<Inventory>> inventory) {
            super(inventory, Candidates::targets);
        }
    }

    /** bailey's USER: the listed users. */
    public static final class Users extends Candidates {
        public Users() {
            this(Optional::empty);
        }

        Users(Supplier<Optional<Inventory>> inventory) {
            super(inventory, i -> i.users().stream().filter(Names::isUser).sorted().toList());
        }
    }

    /** logs' USER@HOST: every {@code user@host}. */
    public static final class Pairs extends Candidates {
        public Pairs() {
            this(Optional::empty);
        }

        Pairs(Supplier<Optional<Inventory>> inventory) {
            super(inventory, i -> targets(i).stream().filter(w -> w.contains("@")).toList());
        }
    }

    /** Makes the candidates of the fleet's homes; everything else as picocli makes it. */
    static CommandLine.IFactory factory(Fleet fleet) {
        Supplier<Optional<Inventory>> inventory = () -> read(fleet);
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == Targets.class) {
                    return type.cast(new Targets(inventory));
                }
                if (type == Users.class) {
                    return type.cast(new Users(inventory));
                }
                if (type == Pairs.class) {
                    return type.cast(new Pairs(inventory));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
    }

    private static Optional<Inventory> read(Fleet fleet) {
        try {
            return Optional.of(fleet.inventory());
        } catch (RuntimeException e) { // a users file or home that cannot be read: no words
            return Optional.empty();
        }
    }

    private static List<String> targets(Inventory inventory) {
        List<String> words = new ArrayList<>(List.of("all"));
        inventory.hosts().keySet().stream().filter(Names::isHost).forEach(words::add);
        inventory
                .hosts()
                .forEach(
                        (host, instances) ->
                                instances.stream()
                                        .filter(i -> Names.isUser(i.user()) && Names.isHost(host))
                                        .forEach(i -> words.add(i.user() + "@" + host)));
        return words;
    }
}
