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
 * The words shell completion offers for a TARGET (every host of the homes, then every {@code
 * user@host}) and for bailey's USER (the listed users). Read from the homes when the completion
 * script is generated, never while a command runs; none when the homes cannot be read, so that
 * completion of the commands and options still works. Only names Barnum accepts are offered: they
 * are written into a script that bash evaluates.
 */
final class Candidates implements Iterable<String> {

    private final Supplier<Optional<Inventory>> inventory;
    private final Function<Inventory, List<String>> words;

    private Candidates(
            Supplier<Optional<Inventory>> inventory, Function<Inventory, List<String>> words) {
        this.inventory = inventory;
        this.words = words;
    }

    @Override
    public Iterator<String> iterator() {
        return inventory.get().map(words).orElse(List.of()).iterator();
    }

    /** TARGET's words; none unless made by {@link #factory}. */
    public static final class Targets implements Iterable<String> {
        private final Iterable<String> words;

        public Targets() {
            this(Optional::empty);
        }

        Targets(Supplier<Optional<Inventory>> inventory) {
            this.words = new Candidates(inventory, Candidates::targets);
        }

        @Override
        public Iterator<String> iterator() {
            return words.iterator();
        }
    }

    /** USER's words; none unless made by {@link #factory}. */
    public static final class Users implements Iterable<String> {
        private final Iterable<String> words;

        public Users() {
            this(Optional::empty);
        }

        Users(Supplier<Optional<Inventory>> inventory) {
            this.words =
                    new Candidates(
                            inventory,
                            i -> i.users().stream().filter(Names::isUser).sorted().toList());
        }

        @Override
        public Iterator<String> iterator() {
            return words.iterator();
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
        List<String> words = new ArrayList<>();
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
