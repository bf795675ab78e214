package dev.barnum.metrics;

import dev.barnum.discovery.Shard;
import dev.barnum.fleet.Fleet;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code barnum_shard_info{shard="1",shards="3"} 1}: which share of the fleet this instance polls
 * ({@code shard="0",shards="1"} when it polls every host), so that queries over several instances
 * can tell them apart and count hosts per shard.
 */
@ApplicationScoped
@Startup
class ShardInfo {

    @Inject
    ShardInfo(Fleet fleet, MeterRegistry registry) {
        Shard shard = fleet.shard();
        Gauge.builder("barnum.shard.info", () -> 1)
                .tags(
                        "shard",
                        Integer.toString(shard.index()),
                        "shards",
                        Integer.toString(shard.count()))
                .description(
                        "This instance's share of the fleet (barnum.shard): shard i of shards, by rendezvous hashing of host names")
                .register(registry);
    }
}
