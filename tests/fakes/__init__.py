"""Spec-checked fakes of the LINE and Telegram APIs, and webhook/update builders, for tests.

Quick start::

    from tests.fakes import FakeLineServer, line_configuration
    with FakeLineServer() as line:
        api = MessagingApi(ApiClient(line_configuration(line)))
        ...
        assert line.texts_to(user_id) == ["..."]
        line.assert_no_errors()

Pytest fixtures ``fake_line`` / ``fake_telegram`` live in ``tests.fakes.fixtures``.
"""

from .clients import (
    LINE_ACCESS_TOKEN,
    LINE_CHANNEL_SECRET,
    TELEGRAM_TOKEN,
    line_configuration,
    telegram_bot,
)
from .line_server import FakeLineServer, LineCall
from .line_validate import (
    find_line_operation,
    line_request_errors,
    line_schema_errors,
    line_webhook_errors,
    validate_line_request,
    validate_line_webhook,
)
from .specs import SpecsNotFoundError, SpecViolation, specs_dir
from .telegram_server import FakeTelegramServer, TelegramCallRecord
from .telegram_validate import (
    TelegramCall,
    decode_telegram_request,
    telegram_call_errors,
    telegram_object_errors,
    telegram_update_errors,
    validate_telegram_call,
    validate_telegram_update,
)
from .webhooks import sign_line

__all__ = [
    "LINE_ACCESS_TOKEN",
    "LINE_CHANNEL_SECRET",
    "TELEGRAM_TOKEN",
    "FakeLineServer",
    "FakeTelegramServer",
    "LineCall",
    "SpecViolation",
    "SpecsNotFoundError",
    "TelegramCall",
    "TelegramCallRecord",
    "decode_telegram_request",
    "find_line_operation",
    "line_configuration",
    "line_request_errors",
    "line_schema_errors",
    "line_webhook_errors",
    "sign_line",
    "specs_dir",
    "telegram_bot",
    "telegram_call_errors",
    "telegram_object_errors",
    "telegram_update_errors",
    "validate_line_request",
    "validate_line_webhook",
    "validate_telegram_call",
    "validate_telegram_update",
]
