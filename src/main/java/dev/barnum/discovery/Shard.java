package dev.barnum.discovery;

import dev.barnum.config.BadInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instance's share of the fleet, {@code index} of {@code count} (from 0): the hosts whose
 * rendezvous (highest-random-weight) hash is highest for this index. Every instance computes the
 * same owner for a host from its name alone, and going from N to N+1 instances moves only the hosts
 * the new instance wins, about 1/(N+1) of them.
 */
public record Shard(int index, int count) {

    /** The most instances one fleet may be split over. */
    public static final int MOST = 1024;

    /** One instance owns every host. */
    public static final Shard WHOLE = new Shard(0, 1);

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

    /**
     * @param key where the text came from, for the error ({@code barnum.shard}, {@code --shard})
     * @throws BadInputException naming the key unless the text is {@code i/N} with 0 &lt;= i &lt; N
     */
    public static Shard parse(String text, String key) {
        Matcher m = SHAPE.matcher(text.strip());
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            int count = Integer.parseInt(m.group(2));
            if (count >= 1 && count <= MOST && index < count) {
                return new Shard(index, count);
            }
        }
        throw new BadInputException(
                key
                        + "="
                        + text
                        + ": expected i/N, this instance's index i (from 0) of N instances (1 to "
                        + MOST
                        + "), such as 0/3");
    }

    /** Whether this instance polls, exports and commands {@code host}. */
    public boolean owns(String host) {
        return owner(host, count) == index;
    }

    /** The shard that owns {@code host} when the fleet is split over {@code count} instances. */
    public static int owner(String host, int count) {
        int best = 0;
        long bestWeight = 0;
        for (int i = 0; i < count; i++) {
            long weight = weight(host, i);
            if (i == 0 || Long.compareUnsigned(weight, bestWeight) > 0) {
                best = i;
                bestWeight = weight;
            }
        }
        return best;
    }

    /** The shard owning {@code host} among as many as this one's. */
    public Shard ownerOf(String host) {
        return new Shard(owner(host, count), count);
    }

    /** A host's weight for one shard: the first 8 bytes of SHA-256 over both, stable everywhere. */
    static long weight(String host, int shard) {
        byte[] digest;
        try {
            digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest((host + "\0" + shard).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        long weight = 0;
        for (int i = 0; i < 8; i++) {
            weight = (weight << 8) | (digest[i] & 0xff);
        }
        return weight;
    }

    /** The hosts of the inventory this instance owns, with their instances. */
    public Inventory of(Inventory inventory) {
        if (count == 1) {
            return inventory;
        }
        java.util.SortedMap<String, java.util.List<Instance>> own = new java.util.TreeMap<>();
        inventory
                .hosts()
                .forEach(
                        (host, instances) -> {
                            if (owns(host)) {
                                own.put(host, instances);
                            }
                        });
        return new Inventory(inventory.users(), own);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
