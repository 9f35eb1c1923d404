"""The store is closed: no key template and no raw Redis call outside bot/store/.

Every module of ``bot`` and ``scheduler`` is read with ``ast``; outside ``bot/store/`` none
may import ``bot.store.keys``, reach for a store's connection (``.r``, ``.redis``), call a
Redis command on a client or a pipeline, or build a client. Dramatiq's broker set-up in
``bot/delivery/outbox.py`` is the one module handed the connection.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TREES = ("bot", "scheduler")
STORE = Path("bot/store")
# The broker takes the Redis connection itself: Dramatiq is given a client, not a store.
ALLOWED = {Path("bot/delivery/outbox.py")}

CONNECTIONS = {"r", "redis", "redis_client"}  # attributes that hold a client
CLIENT_NAMES = {"r", "redis_client", "client", "conn", "pipe", "pipeline"}
# Redis commands (redis-py method names); execute and reset stay allowed on a pipeline the
# store handed out, as rq's callers do with ``registry.add(..., pipeline=pipe)``.
_COMMAND_WORDS = """
    get set mget mset getdel getex getset setnx setex psetex incr incrby incrbyfloat decr decrby
    append strlen exists delete unlink expire pexpire expireat persist ttl pttl type rename keys
    scan scan_iter hget hset hsetnx hmget hmset hgetall hdel hkeys hvals hlen hexists hincrby
    hscan hscan_iter sadd srem smembers sismember smismember scard srandmember spop sscan sinter
    sunion sdiff zadd zrem zrange zrevrange zrangebyscore zrevrangebyscore zcount zcard zscore
    zincrby zpopmin zpopmax zrank zremrangebyscore zremrangebyrank zscan lpush rpush lpop rpop
    lrange ltrim llen lrem lindex lset blpop brpop lmove xadd xrange xrevrange xlen xtrim xdel
    xread xgroup_create xreadgroup xack publish pubsub subscribe psubscribe eval evalsha
    register_script script_load watch unwatch multi pipeline transaction ping flushdb flushall
    dbsize info object memory_usage lock
"""
COMMANDS = set(_COMMAND_WORDS.split())


def _modules() -> list[Path]:
    found: list[Path] = []
    for tree in TREES:
        found += sorted((ROOT / tree).rglob("*.py"))
    return [p.relative_to(ROOT) for p in found]


def _is_client(node: ast.expr) -> bool:
    """Whether an expression looks like a Redis client or pipeline."""
    if isinstance(node, ast.Name):
        return node.id in CLIENT_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr in CONNECTIONS | {"pipe", "client"}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "pipeline" and _is_client(node.func.value)
    return False


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def problems(source: str) -> list[str]:
    """Return each way a module's source opens the store (empty when it does not)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names}
            if node.module == "bot.store.keys" or (node.module == "bot.store" and "keys" in names):
                found.append(f"line {node.lineno}: imports the key templates")
        elif isinstance(node, ast.Import):
            if any(a.name == "bot.store.keys" for a in node.names):
                found.append(f"line {node.lineno}: imports the key templates")
        elif isinstance(node, ast.Attribute) and node.attr in CONNECTIONS:
            if not (isinstance(node.value, ast.Name) and node.value.id == "redis"):
                found.append(f"line {node.lineno}: reaches for a connection (.{node.attr})")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in COMMANDS and _is_client(node.func.value):
                found.append(f"line {node.lineno}: raw Redis call .{node.func.attr}()")
            elif _root_name(node.func) == "redis":
                found.append(f"line {node.lineno}: builds a Redis client")
    return found


def test_no_module_outside_the_store_opens_it() -> None:
    """Key templates and Redis calls live in bot/store/ only."""
    modules = _modules()
    assert Path("bot/chat/core.py") in modules and Path("scheduler/clock.py") in modules
    offenders = {
        str(path): found
        for path in modules
        if STORE not in path.parents and path not in ALLOWED
        if (found := problems((ROOT / path).read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "from bot.store import keys as k",
        "from bot.store import codec, keys",
        "from bot.store.keys import PAYLOAD",
        "import bot.store.keys",
        "store.r.get('x')",
        "client = runtime.store.r",
        "self.redis.hset('h', 'f', 1)",
        "ctx.pipe.set('k', 1)",
        "pipe.zadd('z', {'m': 1})",
        "with r.pipeline() as p: pass",
        "store.r.pipeline().execute()",
        "redis.Redis.from_url('redis://')",
    ],
)
def test_each_way_of_opening_the_store_is_caught(source: str) -> None:
    """The scan sees key imports, connections, raw commands and new clients."""
    assert problems(source)


@pytest.mark.parametrize(
    "source",
    [
        "store.policies.set_absence('o', 'p', day, pipeline=ctx.pipe)",
        "with store.pipeline() as pipe:\n"
        "    store.save_person(p, pipeline=pipe)\n"
        "    pipe.execute()",
        "except redis.RedisError: pass",
        "pipe: redis.client.Pipeline",
        "data.get('x')",
        "from bot.store.redis_store import RedisStore",
    ],
)
def test_store_methods_and_redis_errors_are_fine(source: str) -> None:
    """Calling store methods, passing their pipeline, and catching Redis errors are allowed."""
    source = f"try:\n    pass\n{source}" if source.startswith("except") else source
    assert problems(source) == []
