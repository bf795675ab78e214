package dev.barnum.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barnum.config.BadInputException;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ShardTest {

    private static final List<String> HOSTS =
            IntStream.range(0, 3000).mapToObj(i -> String.format("web%04d.dc1", i)).toList();

    @Test
    void parsesIndexOfCountAndRefusesTheRest() {
        assertThat(Shard.parse("1/3", "barnum.shard")).isEqualTo(new Shard(1, 3));
        assertThat(Shard.parse(" 0/1 ", "barnum.shard")).isEqualTo(Shard.WHOLE);
        for (String bad : List.of("3/3", "-1/3", "1/0", "a/b", "1", "1/3/4", "0/1025", "")) {
            assertThatThrownBy(() -> Shard.parse(bad, "--shard"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(
                            "--shard="
                                    + bad
                                    + ": expected i/N, this instance's index i (from 0) of N"
                                    + " instances (1 to 1024), such as 0/3");
        }
    }

    @Property(tries = 200)
    void everyHostHasExactlyOneOwner(
            @ForAll @StringLength(min = 1, max = 40) String host,
            @ForAll @IntRange(min = 1, max = 50) int count) {
        long owners = IntStream.range(0, count).filter(i -> new Shard(i, count).owns(host)).count();
        assertThat(owners).isEqualTo(1);
    }

    @Test
    void addingAnInstanceMovesOnlyItsShareOfTheHosts() {
        for (int n = 1; n <= 8; n++) {
            int from = n;
            long moved =
                    HOSTS.stream()
                            .filter(h -> Shard.owner(h, from) != Shard.owner(h, from + 1))
                            .count();
            long toTheNewOne = HOSTS.stream().filter(h -> Shard.owner(h, from + 1) == from).count();
            double share = moved / (double) HOSTS.size();
            // every host that moves goes to the new instance, and about 1/(N+1) of them move
            assertThat(moved).as("%d -> %d", from, from + 1).isEqualTo(toTheNewOne);
            assertThat(share)
                    .as("%d -> %d moved %d of %d", from, from + 1, moved, HOSTS.size())
                    .isBetween(0.8 / (from + 1), 1.2 / (from + 1));
        }
    }

    @Test
    void hostsAreSpreadEvenly() {
        int count = 4;
        for (int i = 0; i < count; i++) {
            Shard shard = new Shard(i, count);
            long own = HOSTS.stream().filter(shard::owns).count();
            assertThat(own).as(shard.toString()).isBetween(600L, 900L);
        }
    }

    @Test
    void theOwnerIsTheSameOnEveryMachine() {
        // pinned: a change of hash would move hosts between running instances
        assertThat(
                        List.of("host1", "host2", "host3", "host4", "host5").stream()
                                .map(h -> Shard.owner(h, 3))
                                .toList())
                .isEqualTo(PINNED);
    }

    private static final List<Integer> PINNED = List.of(2, 0, 2, 2, 0);
}
