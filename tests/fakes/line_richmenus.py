"""Rich menus and aliases in the fake LINE API, with the rules LINE's reference documents.

messaging-api.yml gives the shapes; the reference ("Rich menu object", "Upload rich menu
image", "Rich menu alias", "Link rich menu to user") adds what is enforced here:

* size: width 800-2500 px, height at least 250 px, width / height at least 1.45;
* ``selected``, ``name`` (max 300), ``chatBarText`` (max 14) and ``areas`` (max 20) required;
  every area inside the menu; a ``message`` action needs ``text`` (max 300), a ``postback``
  ``data``, a ``richmenuswitch`` ``richMenuAliasId`` and ``data``; labels max 20;
* image: JPEG or PNG, at most 1 MB, exactly the menu's size, uploaded once per menu;
* a menu is linked, made default or given an alias only after its image is uploaded;
* alias ids are unique in the channel (400 on a duplicate, 404 when unknown).
"""

from __future__ import annotations

import io
import itertools
import secrets
from typing import TYPE_CHECKING, Any

from PIL import Image

from .http_base import Response

if TYPE_CHECKING:
    from .line_server import LineCall

IMAGE_MAX = 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg")
OPERATIONS = frozenset(
    {
        "createRichMenu",
        "validateRichMenuObject",
        "getRichMenu",
        "getRichMenuList",
        "deleteRichMenu",
        "setRichMenuImage",
        "getRichMenuImage",
        "createRichMenuAlias",
        "getRichMenuAlias",
        "updateRichMenuAlias",
        "deleteRichMenuAlias",
        "getRichMenuAliasList",
        "linkRichMenuIdToUser",
        "unlinkRichMenuIdFromUser",
        "getRichMenuIdOfUser",
        "setDefaultRichMenu",
        "getDefaultRichMenuId",
        "cancelDefaultRichMenu",
    }
)


def rich_menu_errors(menu: Any) -> list[str]:
    """Return documented-limit violations of a rich menu object."""
    if not isinstance(menu, dict):
        return ["the rich menu must be an object"]
    errors = [f"'{key}' is required" for key in ("size", "selected", "name", "chatBarText", "areas")
              if key not in menu]  # fmt: skip
    size = menu.get("size") or {}
    width, height = size.get("width", 0), size.get("height", 0)
    if not 800 <= width <= 2500:
        errors.append(f"size/width {width} not in 800..2500")
    if height < 250:
        errors.append(f"size/height {height} below 250")
    if height and width / height < 1.45:
        errors.append(f"size: width/height {width / height:.2f} below 1.45")
    if len(str(menu.get("name", ""))) > 300:
        errors.append("name longer than 300")
    if not 1 <= len(str(menu.get("chatBarText", ""))) <= 14:
        errors.append(f"chatBarText {menu.get('chatBarText')!r} not 1..14 characters")
    areas = menu.get("areas") or []
    if len(areas) > 20:
        errors.append(f"{len(areas)} areas, at most 20")
    for i, area in enumerate(areas):
        b = area.get("bounds") or {}
        x, y, w, h = (b.get(key, -1) for key in ("x", "y", "width", "height"))
        if x < 0 or y < 0 or w < 1 or h < 1 or x + w > width or y + h > height:
            errors.append(f"areas/{i}/bounds {b} outside the {width}x{height} menu")
        errors += [f"areas/{i}/action: {e}" for e in _action_errors(area.get("action") or {})]
    return errors


def _action_errors(action: dict[str, Any]) -> list[str]:
    kind = action.get("type")
    needs = {
        "message": ("text",),
        "postback": ("data",),
        "richmenuswitch": ("richMenuAliasId", "data"),
        "uri": ("uri",),
    }
    if kind not in needs:
        return [f"type {kind!r} is not usable in a rich menu here"]
    errors = [f"'{key}' is required" for key in needs[kind] if not action.get(key)]
    if len(str(action.get("label", ""))) > 20:
        errors.append("label longer than 20")
    if len(str(action.get("text", ""))) > 300:
        errors.append("text longer than 300")
    return errors


class RichMenuMixin:
    """Rich menu state and operations; mixed into FakeLineServer."""

    rich_menus: dict[str, dict[str, Any]]
    rich_menu_images: dict[str, tuple[bytes, str]]
    rich_menu_aliases: dict[str, str]
    user_rich_menus: dict[str, str]
    default_rich_menu: str | None

    def _init_rich_menus(self) -> None:
        self.rich_menus = {}
        self.rich_menu_images = {}
        self.rich_menu_aliases = {}
        self.user_rich_menus = {}
        self.default_rich_menu = None
        self._menu_ids = itertools.count(1)

    # Provided by FakeLineServer.
    def _accept(self, call: LineCall, payload: Any, status: int = 200) -> Response:
        raise NotImplementedError

    def _error(self, call: LineCall, status: int, message: str, *a: Any, **kw: Any) -> Response:
        raise NotImplementedError

    def dangling_aliases(self) -> list[str]:
        """Return alias ids that a richmenuswitch action names but no alias defines."""
        named = {
            area["action"]["richMenuAliasId"]
            for menu in self.rich_menus.values()
            for area in menu["areas"]
            if area["action"].get("type") == "richmenuswitch"
        }
        return sorted(named - set(self.rich_menu_aliases))

    def _rich_menu(self, operation: str, call: LineCall, raw: bytes) -> Response:
        parts = call.path.strip("/").split("/")
        body = call.json if isinstance(call.json, dict) else {}
        if operation in ("createRichMenu", "validateRichMenuObject"):
            problems = rich_menu_errors(body)
            if problems:
                return self._error(call, 400, "A message (rich menu) is invalid", True, problems)
            if operation == "validateRichMenuObject":
                return self._accept(call, {})
            menu_id = f"richmenu-{secrets.token_hex(16)}"
            self.rich_menus[menu_id] = {"richMenuId": menu_id, **body}
            return self._accept(call, {"richMenuId": menu_id})
        if operation == "getRichMenuList":
            return self._accept(call, {"richmenus": list(self.rich_menus.values())})
        if operation in ("getRichMenuAliasList",):
            aliases = [
                {"richMenuAliasId": a, "richMenuId": m} for a, m in self.rich_menu_aliases.items()
            ]
            return self._accept(call, {"aliases": aliases})
        if operation == "createRichMenuAlias":
            alias, menu_id = body["richMenuAliasId"], body["richMenuId"]
            if alias in self.rich_menu_aliases:
                return self._error(call, 400, "conflict richmenu alias id", False)
            return self._set_alias(call, alias, menu_id)
        if operation in ("getRichMenuAlias", "updateRichMenuAlias", "deleteRichMenuAlias"):
            alias = parts[-1]
            if alias not in self.rich_menu_aliases:
                return self._error(call, 404, "richmenu alias not found", False)
            if operation == "getRichMenuAlias":
                found = {"richMenuAliasId": alias, "richMenuId": self.rich_menu_aliases[alias]}
                return self._accept(call, found)
            if operation == "updateRichMenuAlias":
                return self._set_alias(call, alias, body["richMenuId"])
            del self.rich_menu_aliases[alias]
            return self._accept(call, {})
        if operation in ("getRichMenuIdOfUser", "unlinkRichMenuIdFromUser"):
            user = parts[3]
            if operation == "unlinkRichMenuIdFromUser":
                self.user_rich_menus.pop(user, None)
                return self._accept(call, {})
            if user not in self.user_rich_menus:
                return self._error(call, 404, "the user has no rich menu", False)
            return self._accept(call, {"richMenuId": self.user_rich_menus[user]})
        if operation == "getDefaultRichMenuId":
            if self.default_rich_menu is None:
                return self._error(call, 404, "no default rich menu", False)
            return self._accept(call, {"richMenuId": self.default_rich_menu})
        if operation == "cancelDefaultRichMenu":
            self.default_rich_menu = None
            return self._accept(call, {})
        return self._one_menu(operation, call, parts, raw)

    def _one_menu(self, operation: str, call: LineCall, parts: list[str], raw: bytes) -> Response:
        menu_id = parts[-1] if parts[-1] != "content" else parts[-2]
        menu = self.rich_menus.get(menu_id)
        if menu is None:
            return self._error(call, 404, "richmenu not found", False)
        if operation == "getRichMenu":
            return self._accept(call, menu)
        if operation == "deleteRichMenu":
            del self.rich_menus[menu_id]
            self.rich_menu_images.pop(menu_id, None)
            self.user_rich_menus = {u: m for u, m in self.user_rich_menus.items() if m != menu_id}
            if self.default_rich_menu == menu_id:
                self.default_rich_menu = None
            return self._accept(call, {})
        if operation == "setRichMenuImage":
            return self._image(call, menu_id, menu, raw)
        if operation == "getRichMenuImage":
            if menu_id not in self.rich_menu_images:
                return self._error(call, 404, "richmenu image not found", False)
            data, ctype = self.rich_menu_images[menu_id]
            self._accept(call, {})
            return Response(200, data, content_type=ctype)
        if menu_id not in self.rich_menu_images:
            return self._error(call, 400, "must upload richmenu image before applying it to user")
        if operation == "setDefaultRichMenu":
            self.default_rich_menu = menu_id
            return self._accept(call, {})
        user = parts[3]
        if not (user.startswith("U") and len(user) == 33):
            return self._error(
                call, 400, f"The value for the 'userId' parameter is invalid: {user}"
            )
        self.user_rich_menus[user] = menu_id
        return self._accept(call, {})

    def _set_alias(self, call: LineCall, alias: str, menu_id: str) -> Response:
        if menu_id not in self.rich_menus:
            return self._error(call, 400, "richmenu not found")
        if menu_id not in self.rich_menu_images:
            return self._error(call, 400, "richmenu image must be uploaded before making an alias")
        self.rich_menu_aliases[alias] = menu_id
        return self._accept(call, {})

    def _image(self, call: LineCall, menu_id: str, menu: dict[str, Any], raw: bytes) -> Response:
        headers = {key.lower(): value for key, value in call.headers.items()}
        ctype = headers.get("content-type", "").split(";")[0].strip()
        if ctype not in IMAGE_TYPES:
            return self._error(call, 415, f"Content-Type {ctype!r}: only image/png or image/jpeg")
        if len(raw) > IMAGE_MAX:
            return self._error(call, 400, f"image of {len(raw)} bytes is over 1 MB")
        if menu_id in self.rich_menu_images:
            return self._error(call, 400, "An image has already been uploaded to the richmenu")
        try:
            with Image.open(io.BytesIO(raw)) as image:
                found, size = image.format, image.size
        except OSError:
            return self._error(call, 400, "the image cannot be read")
        if found != {"image/png": "PNG", "image/jpeg": "JPEG"}[ctype]:
            return self._error(call, 400, f"Content-Type {ctype} but the image is {found}")
        want = (menu["size"]["width"], menu["size"]["height"])
        if size != want:
            return self._error(call, 400, f"image size {size} is not the menu size {want}")
        self.rich_menu_images[menu_id] = (raw, ctype)
        return self._accept(call, {})
