package dev.hagate

import static org.assertj.core.api.Assertions.assertThat

import org.junit.Test

class ShardsTest {

    @Test
    void roundRobin() {
        assertThat(Shards.roundRobin(['a', 'b', 'c', 'd', 'e'], 2)).isEqualTo([['a', 'c', 'e'], ['b', 'd']])
        assertThat(Shards.roundRobin(['a', 'b', 'c', 'd', 'e'], 3)).isEqualTo([['a', 'd'], ['b', 'e'], ['c']])
        assertThat(Shards.roundRobin(['a'], 3)).isEqualTo([['a']])
    }

    @Test
    void describeNamesEveryShardThatDidNotPass_withItsAttempts() {
        Map results = [1: [exitCode: 0], 2: [exitCode: 3, failure: 'agent lost', attempt: 3, allowed: 3]]
        assertThat(Shards.describe(3, [['a'], ['b']], results)).isEqualTo(
                'HA gate: no vote: infrastructure failure (exit 3), retry (shard 2 (b): no vote: infrastructure failure (exit 3), retry: agent lost [attempt 3 of 3])')
    }
}
