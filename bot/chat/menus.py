"""What each role's menu offers: LINE rich menus (with tabs) and Telegram command lists.

Pure data and layout, no I/O: the LINE adapter draws and uploads these menus
(``bot/platforms/line/richmenus.py``) and the Telegram adapter sets the commands.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from bot.domain.model import Person, Role
from bot.texts import t

WIDTH, HEIGHT = 2500, 1686  # LINE's large rich menu
TAB_HEIGHT = 250
COLUMNS = 3
MAX_BUTTONS = 6  # per menu page; a role with more gets tabs (rich menu aliases)
NAME_PREFIX = "ita:"  # our rich menus' names, so an install can tidy up its old ones
ALIAS_PREFIX = "ita-"
LAYOUT_VERSION = 1  # bump when the drawing changes, so installed menus are replaced


@dataclass(frozen=True)
class Action:
    """One thing a role can do: the command word it sends and its Telegram slash command."""

    name: str  # text keys richmenu.<name> (label) and richmenu.<name>.hint
    word: str  # what a tap sends, as if typed: the router's Thai command word
    slash: str  # Telegram command, lowercase letters, digits and underscores


ACTIONS = {
    a.name: a
    for a in (
        Action("mywork", "งานของฉัน", "mywork"),
        Action("report", "รายงาน", "report"),
        Action("amend", "แก้ไข", "amend"),
        Action("web", "เว็บ", "web"),
        Action("link", "เชื่อมบัญชี", "link"),
        Action("help", "ช่วยเหลือ", "help"),
        Action("summary", "สรุป", "summary"),
        Action("status", "สถานะ", "status"),
        Action("late", "ใครยังไม่รายงาน", "late"),
        Action("invite", "เชิญ", "invite"),
        Action("policy", "ตั้งค่า", "policy"),
        Action("holiday", "วันหยุด", "holiday"),
    )
}
# Each role's actions, by tab (a tab holds at most MAX_BUTTONS).
ROLE_TABS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "staff": (("", ("mywork", "report", "amend", "web", "link", "help")),),
    "chief": (("", ("summary", "status", "late", "web", "link", "help")),),
    "secretary": (
        ("follow", ("late", "status", "summary", "invite", "web", "help")),
        ("work", ("mywork", "report", "amend", "policy", "holiday", "link")),
    ),
}
TELEGRAM_EXTRA = ("cancel", "leave", "back")  # commands without a rich menu button


@dataclass(frozen=True)
class Button:
    """A tappable area of a menu page."""

    x: int
    y: int
    width: int
    height: int
    label: str
    hint: str
    text: str = ""  # a message action sending this text
    alias: str = ""  # or a tab switching to this rich menu alias
    is_active_tab: bool = False


@dataclass(frozen=True)
class MenuPage:
    """One LINE rich menu: a role's page (one tab of it, when it has tabs)."""

    key: str  # "staff", "secretary-1", ...
    role: str
    alias: str  # the alias other tabs switch to ("" for a role without tabs)
    buttons: tuple[Button, ...]
    tabs: tuple[Button, ...]
    chat_bar: str

    def request(self) -> dict[str, object]:
        """Return the rich menu object LINE's createRichMenu takes."""
        areas = []
        for b in (*self.tabs, *self.buttons):
            if b.is_active_tab:
                continue  # tapping the open tab does nothing
            if b.alias:
                action = {"type": "richmenuswitch", "richMenuAliasId": b.alias, "data": b.alias}
            else:
                action = {"type": "message", "label": b.label[:20], "text": b.text}
            bounds = {"x": b.x, "y": b.y, "width": b.width, "height": b.height}
            areas.append({"bounds": bounds, "action": action})
        return {
            "size": {"width": WIDTH, "height": HEIGHT},
            "selected": True,
            "name": f"{NAME_PREFIX}{self.key}",
            "chatBarText": self.chat_bar[:14],
            "areas": areas,
        }

    def digest(self, image: bytes) -> str:
        """Return a fingerprint of the menu and its image: unchanged menus are kept."""
        body = json.dumps(self.request(), ensure_ascii=False, sort_keys=True).encode()
        return hashlib.sha256(body + b"|" + image + f"|{LAYOUT_VERSION}".encode()).hexdigest()


def role_of(person: Person) -> str | None:
    """Return which menu a person gets: the widest role they hold, or None without one."""
    if person.has_role(Role.SECRETARY, Role.ADMIN):
        return "secretary"
    if person.has_role(Role.CHIEF):
        return "chief"
    if person.has_role(Role.STAFF):
        return "staff"
    return None


def role_pages(role: str, lang: str = "th") -> list[MenuPage]:
    """Return the rich menu pages of a role, one per tab."""
    tabs = ROLE_TABS[role]
    has_tabs = len(tabs) > 1
    aliases = [f"{ALIAS_PREFIX}{role}-{i}" if has_tabs else "" for i in range(1, len(tabs) + 1)]
    pages = []
    for index, (_, names) in enumerate(tabs):
        top = TAB_HEIGHT if has_tabs else 0
        tab_buttons = tuple(
            Button(
                x=i * WIDTH // len(tabs),
                y=0,
                width=WIDTH // len(tabs),
                height=TAB_HEIGHT,
                label=t(f"richmenu.tab.{name}", lang),
                hint="",
                alias=aliases[i],
                is_active_tab=i == index,
            )
            for i, (name, _) in enumerate(tabs)
            if has_tabs
        )
        rows = -(-len(names) // COLUMNS)
        cell_w, cell_h = WIDTH // COLUMNS, (HEIGHT - top) // rows
        buttons = tuple(
            Button(
                x=(i % COLUMNS) * cell_w,
                y=top + (i // COLUMNS) * cell_h,
                width=cell_w,
                height=cell_h,
                label=t(f"richmenu.{name}", lang),
                hint=t(f"richmenu.{name}.hint", lang),
                text=ACTIONS[name].word,
            )
            for i, name in enumerate(names)
        )
        key = f"{role}-{index + 1}" if has_tabs else role
        pages.append(
            MenuPage(key, role, aliases[index], buttons, tab_buttons, t("richmenu.chat_bar", lang))
        )
    return pages


def all_pages(lang: str = "th") -> list[MenuPage]:
    """Return every role's rich menu pages."""
    return [page for role in ROLE_TABS for page in role_pages(role, lang)]


def stranger_commands(lang: str = "th") -> list[tuple[str, str]]:
    """Return the Telegram commands everyone sees before joining (the default scope)."""
    return [("start", t("richmenu.start.hint", lang)), ("help", t("richmenu.help.hint", lang))]


def telegram_commands(role: str, lang: str = "th") -> list[tuple[str, str]]:
    """Return (command, description) pairs for a role's Telegram command menu."""
    names = [name for _, tab in ROLE_TABS[role] for name in tab]
    pairs = [(ACTIONS[name].slash, t(f"richmenu.{name}", lang)) for name in names]
    described = [
        (slash, f"{label}: {t(f'richmenu.{name}.hint', lang)}")
        for (slash, label), name in zip(pairs, names, strict=True)
    ]
    extra = [(name, t(f"richmenu.{name}.hint", lang)) for name in TELEGRAM_EXTRA]
    return described + extra
