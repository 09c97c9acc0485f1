"""Adjacent free ports for a service's processes (each serves /metrics on base + its index)."""

from __future__ import annotations

import socket

import pytest

from claimstream.broker.proc import free_port_run, port_is_free


@pytest.mark.parametrize("count", [1, 2, 4])
def test_every_port_of_the_run_can_be_bound(count: int) -> None:
    base = free_port_run(count)
    held = []
    try:
        for port in range(base, base + count):
            s = socket.socket()
            s.bind(("127.0.0.1", port))
            held.append(s)
    finally:
        for s in held:
            s.close()
    assert len(held) == count


def test_a_held_port_is_not_free() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert not port_is_free(s.getsockname()[1])
