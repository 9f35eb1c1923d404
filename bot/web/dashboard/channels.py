"""The organisation's own LINE OA and Telegram bot: paste the secrets, the bot does the rest.

An admin or the organisation's secretary pastes the LINE channel secret and access token (or
the Telegram bot token); ``bot/platforms/channel_setup.py`` checks them with the platform,
sets the webhook to ``PUBLIC_URL`` + the channel's path and tests it. What was pasted is
never written back into a page: a refused form comes back empty, with the platform's answer.
"""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.chat.messages import Platform
from bot.platforms.channel_errors import ChannelSetupError
from bot.platforms.channel_setup import (
    PLATFORM_NAMES,
    Connected,
    connect_line,
    connect_telegram,
    webhook_url,
)
from bot.platforms.invite_links import qr_png
from bot.store.channel_record import ChannelRecord
from bot.store.channels import ChannelStore, channel_store
from bot.web.app_services import services
from bot.web.dashboard.access import EDITORS, make_blueprint, requires, viewer

bp = make_blueprint("dash_channels", __name__)
FIELD_MAX = 1000  # a LINE long-lived access token is about 170 characters


def _channels() -> ChannelStore:
    s = services()
    return channel_store(s.config, s.store)


def _page(error: str = "", status: int = 200) -> ResponseReturnValue:
    v = viewer()
    found = {c.platform: c for c in _channels().for_org(v.org.id)}
    shown = [
        {
            "platform": platform.value,
            "name": PLATFORM_NAMES[platform],
            "channel": found.get(platform),
            "webhook": webhook_url(services().config, found[platform]) if platform in found else "",
        }
        for platform in PLATFORM_NAMES
    ]
    return render_template(
        "dashboard/channels.html", platforms=shown, error=error,
        saved=request.args.get("saved", ""), removed=request.args.get("removed", ""),
    ), status  # fmt: skip


def _field(name: str) -> str:
    return request.form.get(name, "")[:FIELD_MAX]


def _audit(channel: ChannelRecord, before: ChannelRecord | None, after: bool) -> None:
    v = viewer()
    services().store.audit(
        v.org.id,
        v.person.id,
        "channel",
        channel.platform.value,
        before.masked() if before is not None else None,
        channel.masked() if after else None,
    )


def _connected(done: Connected, before: ChannelRecord | None) -> ResponseReturnValue:
    _audit(done.channel, before, after=True)
    return redirect(url_for("dash_channels.channels", saved=done.channel.platform.value))


def _before(platform: Platform) -> ChannelRecord | None:
    return next((c for c in _channels().for_org(viewer().org.id) if c.platform is platform), None)


@bp.get("/channels")
@requires(*EDITORS)
def channels() -> ResponseReturnValue:
    """The organisation's LINE OA and Telegram bot: connected ones, or forms to connect."""
    return _page()


@bp.post("/channels/line")
@requires(*EDITORS)
def connect_line_view() -> ResponseReturnValue:
    """Check the pasted secret and token with LINE, set and test the webhook, then save."""
    v, before = viewer(), _before(Platform.LINE)
    try:
        done = connect_line(
            services().config,
            _channels(),
            v.org.id,
            _field("secret"),
            _field("token"),
            lang=v.lang,
        )
    except ChannelSetupError as exc:
        return _page(str(exc), 400)
    return _connected(done, before)


@bp.post("/channels/telegram")
@requires(*EDITORS)
def connect_telegram_view() -> ResponseReturnValue:
    """Check the pasted bot token with Telegram, register the webhook, then save."""
    v, before = viewer(), _before(Platform.TELEGRAM)
    try:
        done = connect_telegram(
            services().config, _channels(), v.org.id, _field("token"), lang=v.lang
        )
    except ChannelSetupError as exc:
        return _page(str(exc), 400)
    return _connected(done, before)


def _own(channel_id: str) -> ChannelRecord:
    """Return a channel of the viewer's organisation, else abort with 404."""
    channel = _channels().get(channel_id)
    if channel is None or channel.org_id != viewer().org.id:
        abort(404)
    return channel


@bp.post("/channels/<channel_id>/remove")
@requires(*EDITORS)
def remove(channel_id: str) -> ResponseReturnValue:
    """Disconnect a channel: its webhook answers 404 from then on."""
    channel = _own(channel_id)
    _channels().remove(channel)
    _audit(channel, channel, after=False)
    return redirect(url_for("dash_channels.channels", removed=channel.platform.value))


@bp.get("/channels/<channel_id>/qr.png")
@requires(*EDITORS)
def qr(channel_id: str) -> ResponseReturnValue:
    """The channel's add-friend link as a QR code to print or put in invites."""
    link = _own(channel_id).add_friend_link
    if link is None:
        abort(404)
    return Response(qr_png(link), mimetype="image/png")
