"""``python -m bot store migrate`` on a copy of records written before hash tags.

tests/data/old_layout.json holds every key (type, value, TTL) that the code of commit
be30d30 (the layout before hash tags) wrote for: the demo organisation, a one-line report
and a report step left open by p_staff2, a LINE user who joined with an invite, an absence,
the reminders planned ahead, and a delivery waiting in the Dramatiq outbox.
"""

from __future__ import annotations

import base64
import io
import json
import re
from contextlib import redirect_stdout
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.app.config import Config
from bot.chat.core import ChatCore
from bot.chat.messages import Identity, Platform
from bot.chat.state import Conversations
from bot.cli.main import main
from bot.delivery.outbox import NAMESPACE, QUEUE
from bot.handlers import build_router
from bot.store import keys as k
from bot.store.migrate import OLD, migrate, new_name
from bot.store.redis_store import RedisStore
from tests.chat_helpers import Talker
from tests.conftest import redis_snapshot

OLD_RECORDS = Path(__file__).parent / "data" / "old_layout.json"
LINE_USER = "U" + "7" * 32
SINGLE_SERVER = (
    "RENAME cannot move a key to another slot: the migration runs on the single server "
    "the data lives on, before a cluster is filled from it (docs/operations.md)"
)
pytestmark = [pytest.mark.store, pytest.mark.single_server(SINGLE_SERVER)]


def _word(value: Any) -> Any:
    return base64.b64decode(value["b64"]) if isinstance(value, dict) else value


def load_old_records(client: redis.Redis) -> dict[str, Any]:
    """Write the recorded keys as they were; return the records."""
    records: dict[str, Any] = json.loads(OLD_RECORDS.read_text(encoding="utf-8"))
    for key, record in records.items():
        kind, value = record["type"], record["value"]
        if kind == "string":
            client.set(key, _word(value))
        elif kind == "hash":
            client.hset(key, mapping={f: _word(v) for f, v in value.items()})
        elif kind == "list":
            client.rpush(key, *[_word(v) for v in value])
        elif kind == "set":
            client.sadd(key, *[_word(v) for v in value])
        elif kind == "zset":
            client.zadd(key, {_word(member): score for member, score in value})
        if record["ttl"] > 0:
            client.expire(key, record["ttl"])
    return records


@pytest.fixture()
def old(redis_client: redis.Redis) -> dict[str, Any]:
    return load_old_records(redis_client)


def test_a_dry_run_lists_the_renames_and_changes_nothing(
    redis_client: redis.Redis, old: dict[str, Any]
) -> None:
    before = redis_snapshot(redis_client)
    planned = migrate(redis_client, dry_run=True)
    assert redis_snapshot(redis_client) == before
    unchanged = {"ita:orgs"} | {key for key in old if re.match(r"ita:(dedupe|invite):", key)}
    assert {a for a, _ in planned.renames} == set(old) - unchanged
    assert not planned.conflicts


def test_the_product_reads_migrated_records_and_a_second_run_changes_nothing(
    redis_client: redis.Redis, old: dict[str, Any], tmp_path: Path
) -> None:
    done = migrate(redis_client)
    assert len(done.renames) == len(old) - 3 and not done.conflicts  # orgs, dedupe, invite
    assert not [key for key in old if redis_client.exists(key) and key in dict(done.renames)]
    store = RedisStore(redis_client)
    assert [o.id for o in store.list_orgs()] == ["demo"]
    assert len(store.measures("demo")) == 24
    reports = store.latest_reports("demo")
    assert len(reports) == len([k for k in old if re.match(r"ita:demo:reports:m_", k)])
    joined = store.person_by_identity("line", LINE_USER)
    assert joined is not None and joined.org_id == "demo"
    conversations = Conversations(store.conversations)
    turn = conversations.begin(Identity(Platform.SIMULATOR, "p_staff2"))
    assert turn.person is not None and turn.state.name  # the open report step came along
    conversations.release(turn)
    planned = redis_client.zcard(k.PLANNED)
    assert planned == len(old["ita:reminders:planned"]["value"]) > 0
    assert redis_client.hlen(f"{NAMESPACE}:{QUEUE}.msgs") == 1  # the waiting delivery
    at = datetime.fromisoformat("2026-11-23T09:30+07:00")
    core = ChatCore(store, Config(data_dir=tmp_path), build_router(), clock=lambda: at)
    staff = Talker(core, "p_staff2")
    assert "มาตรการของ" in staff.send("งานของฉัน")
    after = redis_snapshot(redis_client)
    again = migrate(redis_client)
    assert not again.renames and not again.conflicts
    assert redis_snapshot(redis_client) == after


def test_the_command_dry_runs_then_migrates(
    redis_client: redis.Redis,
    old: dict[str, Any],
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDIS_URL", redis_url)

    def run(*argv: str) -> tuple[int, str]:
        out = io.StringIO()
        with redirect_stdout(out):
            code = main(["store", "migrate", *argv])
        return code, out.getvalue()

    code, out = run("--dry-run")
    assert code == 0 and "ita:demo:org -> ita:{demo}:org" in out
    assert redis_client.exists("ita:demo:org") and not redis_client.exists("ita:{demo}:org")
    code, out = run("--json")
    assert code == 0 and len(json.loads(out)["renamed"]) == len(old) - 3
    code, out = run("--json")
    assert code == 0 and json.loads(out) == {
        "dry_run": False,
        "renamed": [],
        "conflicts": [],
        "indexed_channels": [],
    }


def test_fixed_names_win_over_fields_and_strangers_stay() -> None:
    orgs = {"demo"}
    assert new_name("ita:demo:reports:latest", orgs) == "ita:{demo}:reports:latest"
    assert new_name("ita:demo:reports:m_1", orgs) == "ita:{demo}:reports:m_1"
    assert new_name("ita:other:people", orgs) is None  # not a known organisation
    assert new_name("ita:{demo}:people", orgs) is None  # already moved
    assert new_name("ita:conv:line:U1:was", orgs) == "ita:user:{line:U1}:conv:was"
    assert new_name("ita-outbox:reminders.msgs", orgs) == "{ita-outbox}:reminders.msgs"
    assert set(OLD) <= set(vars(k))


def test_old_per_send_ledger_keys_fold_into_the_day_hash(
    redis_client: redis.Redis, old: dict[str, Any]
) -> None:
    from bot.store.ledger import Ledger, ledger_entry

    day = "2026-11-27"
    redis_client.set(f"ita:demo:ledger:m1:p_staff:due:{day}", "sent", ex=3600)
    redis_client.set(f"ita:demo:ledger:-:p_staff:message:{day}", "sent", ex=7200)
    planned = migrate(redis_client, dry_run=True)
    target = k.org_key(k.LEDGER, "demo", day=day)
    assert [new for _, new in planned.renames].count(target) == 2
    assert not redis_client.exists(target)  # a dry run changes nothing

    migrate(redis_client)
    assert redis_client.type(target) == b"hash"
    ledger = Ledger(redis_client)
    assert ledger.get(ledger_entry("demo", "p_staff", day, "m1", "due")) == "sent"
    assert ledger.get(ledger_entry("demo", "p_staff", day, "-", "message")) == "sent"
    assert 3600 < redis_client.ttl(target) <= 7200  # as long as its longest entry
    assert not redis_client.exists(f"ita:demo:ledger:m1:p_staff:due:{day}")
    # a send recorded in the hash after the fold is still added once only
    assert not ledger.add(ledger_entry("demo", "p_staff", day, "m1", "due"), "sent")
    assert migrate(redis_client).renames == []


def test_channels_saved_before_the_platform_sets_are_indexed_once(
    redis_client: redis.Redis,
) -> None:
    from bot.store.channel_record import new_channel
    from bot.store.channels import ChannelStore
    from bot.store.migrate import index_channels
    from bot.store.sealed import SecretBox

    channels = ChannelStore(redis_client, SecretBox("migrate-test-key"))
    old = new_channel("org-a", Platform.LINE, "secret-a", "token-a")
    channels.save(old)
    redis_client.srem(k.PLATFORM_CHANNELS.format(platform="line"), old.id)  # as saved before
    assert channels.on_platform(Platform.LINE) == []
    assert index_channels(redis_client, dry_run=True) == [old.id]
    assert channels.on_platform(Platform.LINE) == []  # a dry run changes nothing
    assert index_channels(redis_client) == [old.id]
    assert [c.id for c in channels.on_platform(Platform.LINE)] == [old.id]
    assert index_channels(redis_client) == []
