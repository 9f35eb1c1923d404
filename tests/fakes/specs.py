"""Locate and load the platform specifications kept in ``shared/specs``.

The directory is found through ``$SHARED_DIR`` (``$SHARED_DIR/specs``) when set,
otherwise by walking up from this file and looking for ``shared/specs`` beside
each parent (``/work/shared/specs`` when the repo is ``/work/main``; CI clones
the repo elsewhere with ``shared/`` beside it).  Each file is parsed once.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_MARKER = Path("line") / "messaging-api.yml"


class SpecsNotFoundError(FileNotFoundError):
    """Raised when no ``shared/specs`` directory can be found."""


class SpecViolation(AssertionError):
    """A request or body does not conform to the platform specification."""

    def __init__(self, what: str, errors: list[str]) -> None:
        super().__init__(f"{what}: " + "; ".join(errors))
        self.errors = errors


def _candidates() -> list[Path]:
    """Directories that may hold the specs, most specific first."""
    out: list[Path] = []
    env = os.environ.get("SHARED_DIR")
    if env:
        base = Path(env).expanduser()
        out += [base / "specs", base]
    # ``parent / "shared"`` for every ancestor also covers ``../shared`` of each one; the
    # unresolved path counts in case the checkout is reached through a symlink, cwd last.
    starts = [Path(__file__).absolute(), Path(__file__).resolve(), Path.cwd() / "_"]
    for start in starts:
        out += [p / "shared" / "specs" for p in start.parents if p / "shared" / "specs" not in out]
    return out


@cache
def specs_dir() -> Path:
    """Return the ``shared/specs`` directory, or raise ``SpecsNotFoundError``."""
    tried = _candidates()
    for cand in tried:
        if (cand / _MARKER).is_file():
            return cand
    raise SpecsNotFoundError(
        "shared/specs not found; set SHARED_DIR. Tried: " + ", ".join(map(str, tried[:6]))
    )


@cache
def _load_yaml(rel: str) -> dict[str, Any]:
    with open(specs_dir() / rel, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def line_messaging_spec() -> dict[str, Any]:
    """Return the parsed LINE Messaging API OpenAPI document (cached)."""
    return _load_yaml("line/messaging-api.yml")


def line_webhook_spec() -> dict[str, Any]:
    """Return the parsed LINE webhook OpenAPI document (cached)."""
    return _load_yaml("line/webhook.yml")


@cache
def telegram_spec() -> dict[str, Any]:
    """Return the parsed Telegram Bot API description (``api.json``, cached)."""
    with open(specs_dir() / "telegram" / "api.json", encoding="utf-8") as fh:
        return json.load(fh)
