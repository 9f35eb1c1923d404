"""LINE rich menus: install one per role (tabs through aliases) and link each person's.

``install`` is idempotent: each page's id and fingerprint are kept in Redis
(``LINE_RICH_MENUS``); an unchanged page that LINE still has is kept, a changed one is
created anew, its alias moved to it, people relinked, and the old menu deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from linebot.v3 import messaging as sdk

from bot.app.config import Config
from bot.chat.menus import NAME_PREFIX, MenuPage, all_pages, role_of
from bot.domain.model import Person, chat_address
from bot.platforms.line.platform import PLATFORM, LinePlatform
from bot.platforms.line.richmenu_image import draw_page
from bot.store.payloads import RichMenuRecords
from bot.store.redis_store import RedisStore

log = logging.getLogger(__name__)


@dataclass
class InstallResult:
    """What an install did, for the command line."""

    pages: list[dict[str, object]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    linked: int = 0

    @property
    def created(self) -> int:
        """How many pages were created (not kept)."""
        return sum(1 for p in self.pages if p["created"])

    def to_json(self) -> dict[str, object]:
        """Return the result as JSON-ready data."""
        return {"menus": self.pages, "deleted": self.deleted, "linked": self.linked}


class RichMenus:
    """Installs the role menus on a LINE channel and links them to people."""

    def __init__(self, line: LinePlatform, records: RichMenuRecords) -> None:
        self.line = line
        self.records = records

    def install(self, store: RedisStore | None = None) -> InstallResult:
        """Create what is missing or changed, point the aliases, relink people, tidy up."""
        api, blob = self.line.clients()
        timeout = self.line.timeout
        on_line = {m.rich_menu_id: m.name for m in api.get_rich_menu_list().richmenus}
        stored = self.records.installed()
        result = InstallResult()
        current: dict[str, dict[str, str]] = {}
        for page in all_pages():
            image = draw_page(page)
            digest = page.digest(image)
            before = stored.get(page.key)
            if before and before.get("digest") == digest and before.get("id") in on_line:
                current[page.key] = before
                result.pages.append(self._row(page, before["id"], created=False))
                continue
            request = sdk.RichMenuRequest.from_dict(page.request())
            menu_id = api.create_rich_menu(request, _request_timeout=timeout).rich_menu_id
            blob.set_rich_menu_image(
                menu_id, image, _headers={"Content-Type": "image/png"}, _request_timeout=timeout
            )
            current[page.key] = {"id": menu_id, "digest": digest, "alias": page.alias}
            result.pages.append(self._row(page, menu_id, created=True))
        for page in all_pages():
            if page.alias:
                self._point_alias(api, page.alias, current[page.key]["id"])
        self.records.record(current)
        if result.created and store is not None:
            result.linked = self.relink_everyone(store)
        keep = {v["id"] for v in current.values()}
        for menu_id, name in on_line.items():
            if name.startswith(NAME_PREFIX) and menu_id not in keep:
                api.delete_rich_menu(menu_id, _request_timeout=timeout)
                result.deleted.append(menu_id)
        return result

    @staticmethod
    def _row(page: MenuPage, menu_id: str, created: bool) -> dict[str, object]:
        return {
            "key": page.key,
            "role": page.role,
            "rich_menu_id": menu_id,
            "alias": page.alias or None,
            "created": created,
        }

    def _point_alias(self, api: sdk.MessagingApi, alias: str, menu_id: str) -> None:
        try:
            found = api.get_rich_menu_alias(alias, _request_timeout=self.line.timeout)
        except sdk.ApiException as exc:
            if exc.status != 404:
                raise
            request = sdk.CreateRichMenuAliasRequest(rich_menu_alias_id=alias, rich_menu_id=menu_id)
            api.create_rich_menu_alias(request, _request_timeout=self.line.timeout)
            return
        if found.rich_menu_id != menu_id:
            update = sdk.UpdateRichMenuAliasRequest(rich_menu_id=menu_id)
            api.update_rich_menu_alias(alias, update, _request_timeout=self.line.timeout)

    def menu_for(self, person: Person) -> str | None:
        """Return the rich menu id a person should see (their role's first tab), if installed."""
        role = role_of(person)
        if role is None:
            return None
        installed = self.records.installed()
        page = installed.get(role) or installed.get(f"{role}-1")
        return page["id"] if page else None

    def link(self, person: Person) -> bool:
        """Link the person's role menu to their LINE account (or unlink it without a role)."""
        user = person.chat_id(chat_address(PLATFORM, self.line.channel))
        if not user:
            return False
        api = self.line.clients()[0]
        menu_id = self.menu_for(person)
        if menu_id is None:
            api.unlink_rich_menu_id_from_user(user, _request_timeout=self.line.timeout)
            return False
        api.link_rich_menu_id_to_user(user, menu_id, _request_timeout=self.line.timeout)
        return True

    def relink_everyone(self, store: RedisStore) -> int:
        """Link every user of this channel, in every organisation, to their role's menu."""
        linked = 0
        for org in store.list_orgs():
            for person in store.people(org.id):
                if self.link(person):
                    linked += 1
        return linked


class RichMenuError(Exception):
    """LINE refused a rich-menu call; the message says how (status and body)."""


def install_rich_menus(config: Config, store: RedisStore, channel: str = "") -> InstallResult:
    """Install every role's rich menu on a channel and link its people (the CLI's command)."""
    menus = RichMenus(LinePlatform(config, store, channel), store.rich_menus_of(channel))
    try:
        return menus.install(store)
    except sdk.ApiException as exc:
        raise RichMenuError(f"{exc.status} {exc.body!r}"[:300]) from exc
