"""The command line, end to end against the test server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import redis

from bot.app.config import Config
from bot.chat.messages import Platform
from bot.cli.main import main
from bot.store.channel_record import new_channel
from bot.store.channels import channel_store
from bot.store.redis_store import RedisStore
from tests.conftest import SHARED

pytestmark = pytest.mark.store


@pytest.fixture()
def cli(
    redis_client: redis.Redis,
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_org_create_list_and_duplicate(cli) -> None:
    assert cli("org", "create", "t1", "--name", "อบต.หนึ่ง")[0] == 0
    code, _, err = cli("org", "create", "t1", "--name", "อบต.หนึ่ง")
    assert code == 1 and "มีหน่วยงานรหัส t1 อยู่แล้ว" in err
    code, out, _ = cli("org", "list", "--json")
    assert json.loads(out)[0]["divisions"][0] == "สำนักปลัด"
    cli("org", "create", "t2", "--name", "เทศบาล", "--division", "สำนักปลัด", "--division", "กองคลัง")
    assert "2 ส่วนราชการ" in cli("org", "list")[1]


def test_plan_import_json_matches_expected_and_show(cli) -> None:
    cli("org", "create", "t1", "--name", "อบต.หนึ่ง")
    sample = next((SHARED / "samples").glob("000_*.docx"))
    expected = json.loads((SHARED / "samples/expected" / f"{sample.stem}.json").read_text())
    code, out, _ = cli("plan", "import", str(sample), "--org", "t1", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"measures", "warnings"}
    got = data["measures"]
    assert len(got) == len(expected["measures"])
    for m, want in zip(got, expected["measures"], strict=True):
        assert set(m) == {
            "title",
            "method",
            "divisions",
            "start",
            "end",
            "timeframe_text",
            "status",
            "assessment",
            "indicator",
            "item",
            "warnings",
        }
        assert m["title"].startswith(want["title_prefix"])
        assert (m["divisions"], m["start"], m["end"], m["assessment"]) == (
            want["divisions"],
            want["start"],
            want["end"],
            want["assessment"],
        )
    code, out, _ = cli("plan", "show", "--org", "t1", "--json")
    shown = json.loads(out)["measures"]
    assert [m["number"] for m in shown] == [1, 2, 3]
    assert set(shown[0]) == {
        "id",
        "number",
        "title",
        "divisions",
        "start",
        "end",
        "assessment",
        "indicator",
        "item",
        "status",
        "percent",
        "last_report_at",
    }
    assert shown[0]["status"] is None


def test_bad_inputs_exit_non_zero(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    assert cli("plan", "import", str(bad), "--org", "nope")[0] == 1
    cli("org", "create", "t1", "--name", "อบต.หนึ่ง")
    code, _, err = cli("plan", "import", str(bad), "--org", "t1")
    assert code == 1 and "bad.docx" in err
    code, _, err = cli("plan", "import", str(tmp_path / "missing.docx"), "--org", "t1")
    assert code == 1 and "ไม่พบไฟล์" in err
    assert cli("plan", "show", "--org", "nope")[0] == 1
    assert json.loads(cli("plan", "show", "--org", "t1", "--json")[1]) == {"measures": []}


def test_timeframe_command(cli) -> None:
    code, out, _ = cli("timeframe", "๑ ต.ค. ๖๕ - ๓๑ มี.ค. ๖๖")
    assert code == 0 and json.loads(out) == {"start": "2022-10-01", "end": "2023-03-31"}
    code, out, _ = cli("timeframe", "ไตรมาสที่ 2", "--fiscal-year", "2566")
    assert json.loads(out) == {"start": "2023-01-01", "end": "2023-03-31"}
    code, out, _ = cli("timeframe", "เมื่อสะดวก")
    assert code == 2 and "อ่านระยะเวลา" in json.loads(out)["reason"]


def test_invite_leads_to_the_organisation_s_own_telegram_bot(cli, redis_client) -> None:
    cli("org", "create", "t1", "--name", "อบต.หนึ่ง")
    channels = channel_store(Config(), RedisStore(redis_client))  # the CLI's default key
    channels.add(new_channel("t1", Platform.TELEGRAM, "w", "1:" + "x" * 30, basic_id="t1_own_bot"))
    code, out, _ = cli("invite", "--org", "t1", "--role", "chief", "--json")
    data = json.loads(out)
    assert code == 0 and data["telegram_link"] == f"https://t.me/t1_own_bot?start={data['code']}"


def test_invite_json(cli) -> None:
    cli("org", "create", "t1", "--name", "อบต.หนึ่ง")
    code, out, _ = cli("invite", "--org", "t1", "--role", "staff", "--division", "คลัง", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"code", "expires_at", "telegram_link"}
    assert len(data["code"]) == 8
    code, _, err = cli("invite", "--org", "t1", "--role", "staff", "--division", "กองดาว")
    assert code == 1 and "กองดาว" in err
    assert cli("invite", "--org", "t1", "--role", "staff")[0] == 1
    assert cli("invite", "--org", "t1", "--role", "chief")[0] == 0


def test_demo_loads_once_then_chat_works_and_reset_starts_over(
    cli, redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from bot.store.redis_store import RedisStore

    code, out, _ = cli("demo")
    assert code == 0 and "p_staff2" in out and "24 มาตรการ" in out
    assert "อยู่แล้ว" in cli("demo")[1]
    monkeypatch.setattr("sys.stdin", io.StringIO("งานของฉัน\n/quit\n"))
    code, out, _ = cli("chat", "--org", "demo", "--as", "p_staff2")
    assert code == 0 and "มาตรการของ กองคลัง" in out
    store = RedisStore(redis_client)
    person = store.get_person("demo", "p_staff2")
    person.chat_ids["line"] = "U-demo"
    store.save_person(person)
    redis_client.set("ita:{demo}:extra", "x")
    redis_client.rpush("ita:sim:{p_staff2}:outbox", "[]")
    code, out, _ = cli("demo", "--reset")
    assert code == 0 and "โหลดหน่วยงานตัวอย่าง" in out
    assert redis_client.get("ita:{demo}:extra") is None
    assert redis_client.llen("ita:sim:{p_staff2}:outbox") == 0
    assert store.person_by_identity("line", "U-demo") is None
    assert len(store.measures("demo")) == 24


def test_line_rich_menus_installs_once(cli, fake_line, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fakes import LINE_ACCESS_TOKEN

    assert cli("line", "rich-menus")[0] == 1  # no token: said so, nothing sent
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", LINE_ACCESS_TOKEN)
    monkeypatch.setenv("LINE_API_BASE_URL", fake_line.base_url)
    code, out, _ = cli("line", "rich-menus", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"menus", "deleted", "linked"}
    assert [m["key"] for m in data["menus"]] == ["staff", "chief", "secretary-1", "secretary-2"]
    assert all(m["created"] for m in data["menus"])
    code, out, _ = cli("line", "rich-menus")
    assert code == 0 and "สร้างใหม่ 0" in out and "เก็บไว้ 4" in out


def test_reminders_status_reads_each_line_channel(
    cli, fake_line, redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.app.config import Config
    from bot.chat.messages import Platform
    from bot.store.channel_record import new_channel
    from bot.store.channels import channel_store
    from bot.store.redis_store import RedisStore
    from tests.fakes import LINE_ACCESS_TOKEN

    monkeypatch.setenv("BOT_SECRET_KEY", "cli-test-secret")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", LINE_ACCESS_TOKEN)
    monkeypatch.setenv("LINE_API_BASE_URL", fake_line.base_url)
    cli("org", "create", "t1", "--name", "อบต.หนึ่ง")
    cli("org", "create", "t2", "--name", "อบต.สอง")
    own = new_channel("t2", Platform.LINE, "secret-2", "token-2", name="อบต.สอง OA")
    channel_store(Config(secret_key="cli-test-secret"), RedisStore(redis_client)).save(own)
    fake_line.quotas = {"token-2": 200}
    fake_line.usage_offsets = {"token-2": 20}
    code, out, _ = cli("reminders", "status")
    assert code == 0
    assert "ช่องทางหลักของระบบ (หน่วยงาน: t1)" in out and "ใช้ 0 จาก 1000" in out
    assert "อบต.สอง OA (หน่วยงาน: t2)" in out and "ใช้ 20 จาก 200" in out
