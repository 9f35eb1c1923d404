"""The loopback cluster of CI and rehearsals, and the cluster client the bot uses on it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis.exceptions import CrossSlotTransactionError

from bot.store.cluster import PIDS, LocalCluster, start_cluster
from bot.store.server import client_for, follow_up


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    started = start_cluster(tmp_path_factory.mktemp("cluster"))
    yield started
    started.stop()


def test_three_masters_share_the_slots_and_answer_ok(cluster: LocalCluster) -> None:
    node = redis.Redis(port=cluster.ports[0])
    info = node.execute_command("CLUSTER", "INFO").decode()
    assert "cluster_state:ok" in info and "cluster_known_nodes:3" in info
    assert "cluster_slots_assigned:16384" in info
    node.close()


def test_a_pipeline_is_a_multi_on_one_slot_and_follow_ups_run_after_it(
    cluster: LocalCluster,
) -> None:
    client = client_for(cluster.url, cluster=True)
    with client.pipeline() as pipe:
        pipe.set("ita:{o1}:a", "1")
        pipe.incr("ita:{o1}:n")
        follow_up(pipe, lambda c: c.sadd("ita:{reminders}:replan", "o1"))
        stored, counted = pipe.execute()  # a cluster MULTI answers SET with b"OK", not True
        assert stored and counted == 1
    assert client.smembers("ita:{reminders}:replan") == {b"o1"}
    with pytest.raises(CrossSlotTransactionError), client.pipeline() as pipe:
        pipe.set("ita:{o1}:a", "2")
        pipe.set("ita:{o2}:a", "2")
        pipe.execute()
    assert client.get("ita:{o1}:a") == b"1"  # nothing of the refused MULTI was written
    assert client.mget(["ita:{o1}:a", "ita:{o2}:a", "ita:{o3}:a"]) == [b"1", None, None]
    assert client.delete("ita:{o1}:a", "ita:{o1}:n", "ita:{reminders}:replan") == 3
    client.close()


def test_stop_ends_every_node(tmp_path: Path) -> None:
    started = start_cluster(tmp_path, masters=3)
    pids = started.pids
    started.stop()
    assert not (tmp_path / PIDS).exists()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
