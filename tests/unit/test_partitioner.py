"""Articles are spread evenly over partitions, so CPU-bound workers finish together."""

from __future__ import annotations

from collections import Counter

from claimstream.bus.producer import RoundRobinPartitioner


def test_keys_do_not_decide_the_partition_and_the_spread_is_even():
    partitioner = RoundRobinPartitioner()
    chosen = Counter(partitioner(b"same-article-id", [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]) for _ in range(600))
    assert chosen == {p: 100 for p in range(6)}


def test_only_available_partitions_are_used_when_some_have_no_leader():
    partitioner = RoundRobinPartitioner()
    chosen = {partitioner(None, [0, 1, 2, 3], [1, 3]) for _ in range(10)}
    assert chosen == {1, 3}
    assert partitioner(None, [0, 1], []) in (0, 1)
