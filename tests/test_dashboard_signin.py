"""Signing in with a one-time chat link, sessions in Redis, sign-out and removal of access."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bot.chat.messages import Identity, Incoming, Kind, Text
from bot.store import keys as k
from bot.store.redis_store import RedisStore
from bot.web.app_services import services
from bot.web.signin import SESSION_TTL, SIGNIN_TTL, create_signin_link, take_signin_token
from tests.dashboard_helpers import World, form_csrf, make_world, session_csrf, sign_in, token_of

pytestmark = pytest.mark.store


@pytest.fixture()
def world(store: RedisStore, tmp_path: Path) -> World:
    return make_world(store, tmp_path)


def _chat(world: World, persona: str, text: str) -> str:
    with world.app.app_context():
        replies = services().core.handle(
            Incoming(Identity("simulator", persona), Kind.TEXT, text=text)
        )
    return "\n".join(r.text for r in replies if isinstance(r, Text))


def _link(world: World, persona: str = "p_secretary") -> str:
    found = re.search(r"https?://\S+/signin/\S+", _chat(world, persona, "เว็บ"))
    assert found
    return found.group(0)


@pytest.mark.parametrize("word", ["เว็บ", "แดชบอร์ด", "/web", "dashboard"])
@pytest.mark.parametrize("persona", ["p_secretary", "p_chief", "p_staff1"])
def test_every_role_gets_a_link_in_chat(world: World, persona: str, word: str) -> None:
    reply = _chat(world, persona, word)
    assert "/signin/" in reply and "10 นาที" in reply and "ครั้งเดียว" in reply
    token = token_of(re.search(r"\S+/signin/\S+", reply).group(0))  # type: ignore[union-attr]
    assert 590 <= world.store.r.ttl(k.SIGNIN.format(token=token)) <= SIGNIN_TTL.total_seconds()


def test_a_stranger_gets_no_link(world: World) -> None:
    reply = _chat(world, "somebody-unknown", "เว็บ")
    assert "/signin/" not in reply


def test_link_works_once(world: World) -> None:
    link = _link(world)
    assert link.startswith("http://127.0.0.1:8000/signin/")
    path = "/signin/" + token_of(link)
    client = world.app.test_client()
    page = client.get(path)
    assert page.status_code == 200 and "เข้าสู่ระบบ" in page.text
    assert client.get(path).status_code == 200  # a link preview does not use the token up
    response = client.post(path, data={"csrf_token": form_csrf(page.text)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/dash/plan")
    plan = client.get("/dash/plan")
    assert plan.status_code == 200 and "นางสาวเลขา ติดตามงาน" in plan.text

    again = world.app.test_client()
    reused = again.get(path)
    assert reused.status_code == 410 and "หมดอายุหรือถูกใช้ไปแล้ว" in reused.text
    with again.session_transaction() as sess:
        sess["csrf"] = "x"
    assert again.post(path, data={"csrf_token": "x"}).status_code == 410
    assert again.get("/dash/plan").status_code == 302


def test_the_token_is_taken_atomically(world: World) -> None:
    person = world.store.get_person("demo", "p_chief")
    assert person is not None
    with world.app.app_context():
        token = token_of(create_signin_link(world.store, services().config, person))
    assert take_signin_token(world.store, token) == ("demo", "p_chief")
    assert take_signin_token(world.store, token) is None


def test_expired_link_is_refused(world: World) -> None:
    link = _link(world)
    key = k.SIGNIN.format(token=token_of(link))
    world.store.r.pexpire(key, 1)
    time.sleep(0.01)
    client = world.app.test_client()
    page = client.get("/signin/" + token_of(link))
    assert page.status_code == 410 and "พิมพ์ เว็บ" in page.text
    assert (
        client.post(
            "/signin/" + token_of(link), data={"csrf_token": session_csrf(client)}
        ).status_code
        == 410
    )
    assert not list(world.store.r.scan_iter(match="ita:session:*"))


def test_unknown_or_odd_tokens_are_refused(world: World) -> None:
    client = world.app.test_client()
    for token in ("nope", "a" * 200, "x" * 43):
        assert client.get(f"/signin/{token}").status_code in (404, 410)


def test_sign_in_post_without_csrf_keeps_the_token(world: World) -> None:
    link = _link(world)
    client = world.app.test_client()
    assert client.post("/signin/" + token_of(link)).status_code == 400
    assert world.store.r.exists(k.SIGNIN.format(token=token_of(link)))


def test_session_lives_in_redis_for_twelve_hours(world: World) -> None:
    client = world.app.test_client()
    sign_in(client, world, "chief")
    with client.session_transaction() as sess:
        sid = sess["sid"]
        assert sess["org"] == "demo" and sess["person"] == "p_chief"
    ttl = world.store.r.ttl(k.SESSION.format(sid=sid))
    assert SESSION_TTL.total_seconds() - 10 <= ttl <= SESSION_TTL.total_seconds()
    world.store.r.delete(k.SESSION.format(sid=sid))  # expired server-side
    assert client.get("/dash/plan").status_code == 302


def test_cookie_flags(world: World, store: RedisStore, tmp_path: Path) -> None:
    link = _link(world)
    client = world.app.test_client()
    page = client.get("/signin/" + token_of(link))
    response = client.post("/signin/" + token_of(link), data={"csrf_token": form_csrf(page.text)})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    https = world.app.test_client()
    https.environ_base["wsgi.url_scheme"] = "https"
    page = https.get("/signin/" + token_of(_link(world)), base_url="https://localhost")
    secure = https.post(
        page.request.path, base_url="https://localhost", data={"csrf_token": form_csrf(page.text)}
    )
    assert "Secure" in secure.headers["Set-Cookie"]


def test_cookie_is_secure_when_the_public_url_is_https(store: RedisStore, tmp_path: Path) -> None:
    world = make_world(store, tmp_path, public_url="https://ita.example.go.th")
    link = _link(world)
    assert link.startswith("https://ita.example.go.th/signin/")
    client = world.app.test_client()
    page = client.get("/signin/" + token_of(link))
    response = client.post("/signin/" + token_of(link), data={"csrf_token": form_csrf(page.text)})
    assert "Secure" in response.headers["Set-Cookie"]


def test_sign_out_revokes_the_session(world: World) -> None:
    client = world.app.test_client()
    sign_in(client, world, "secretary")
    with client.session_transaction() as sess:
        stolen = dict(sess)  # as if someone copied the cookie before sign-out
    response = client.post("/dash/signout", data={"csrf_token": session_csrf(client)})
    assert response.status_code == 200 and "ออกจากระบบแล้ว" in response.text
    assert not world.store.r.exists(k.SESSION.format(sid=stolen["sid"]))
    copy = world.app.test_client()
    with copy.session_transaction() as sess:
        sess.update(stolen)
    assert copy.get("/dash/plan").status_code == 302


def test_removed_person_is_signed_out_everywhere(world: World) -> None:
    staff = world.app.test_client()
    sign_in(staff, world, "staff")
    phone = world.app.test_client()
    sign_in(phone, world, "staff")
    assert staff.get("/dash/plan").status_code == 200
    reports_before = world.store.reports("demo", world.finance_measure)

    secretary = world.app.test_client()
    sign_in(secretary, world, "secretary")
    response = secretary.post(
        "/dash/people/p_staff2/remove", data={"csrf_token": session_csrf(secretary)}
    )
    assert response.status_code == 302

    for client in (staff, phone):
        assert client.get("/dash/plan").status_code == 302
    assert not world.store.r.exists(k.IDENTITY.format(platform="simulator", user="p_staff2"))
    assert not list(world.store.r.scan_iter(match="ita:{demo}:person:p_staff2:sessions"))
    assert world.store.reports("demo", world.finance_measure) == reports_before
    # and the chat no longer knows them: no new link
    assert "/signin/" not in _chat(world, "p_staff2", "เว็บ")


def test_a_link_made_before_removal_no_longer_signs_in(world: World) -> None:
    link = _link(world, "p_staff3")
    secretary = world.app.test_client()
    sign_in(secretary, world, "secretary")
    secretary.post("/dash/people/p_staff3/remove", data={"csrf_token": session_csrf(secretary)})
    client = world.app.test_client()
    page = client.get("/signin/" + token_of(link))
    response = client.post("/signin/" + token_of(link), data={"csrf_token": form_csrf(page.text)})
    assert response.status_code == 410
    assert client.get("/dash/plan").status_code == 302


def test_signing_in_again_ends_the_earlier_session(world: World) -> None:
    client = world.app.test_client()
    sign_in(client, world, "chief")
    with client.session_transaction() as sess:
        first = sess["sid"]
    sign_in(client, world, "secretary")
    assert not world.store.r.exists(k.SESSION.format(sid=first))
    assert "นางสาวเลขา ติดตามงาน" in client.get("/dash/plan").text


def test_no_link_in_a_group_chat(world: World) -> None:
    incoming = Incoming(Identity("simulator", "p_secretary"), Kind.TEXT, text="เว็บ",
                        chat_id="group-42")  # fmt: skip
    with world.app.app_context():
        replies = services().core.handle(incoming)
    text = "\n".join(r.text for r in replies if isinstance(r, Text))
    assert "/signin/" not in text and "แชตส่วนตัว" in text
    assert not list(world.store.r.scan_iter(match="ita:signin:*"))
