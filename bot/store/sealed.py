"""Secrets at rest: Fernet with a key derived from ``BOT_SECRET_KEY``.

The key is HKDF-SHA256 of the deployment's secret key with its own ``info`` label, so the
same ``BOT_SECRET_KEY`` that signs the dashboard's cookies never encrypts with the same
bytes (domain separation). Fernet (AES-128-CBC + HMAC-SHA256) authenticates what it
decrypts: a record sealed under another key, or tampered with, is refused, not misread.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

INFO = b"ita-bot channel secrets v1"
SALT = b"ita-bot"
MASK = "••••"


class SealError(Exception):
    """A sealed value cannot be opened: another BOT_SECRET_KEY sealed it, or it was changed."""


def derive_key(secret_key: str) -> bytes:
    """Return the Fernet key (urlsafe base64 of 32 bytes) derived from the deployment's key."""
    if not secret_key:
        raise ValueError("BOT_SECRET_KEY is empty")
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=INFO).derive(
        secret_key.encode()
    )
    return base64.urlsafe_b64encode(raw)


class SecretBox:
    """Seals and opens short secrets (tokens, channel secrets) for storage."""

    def __init__(self, secret_key: str) -> None:
        self._fernet = Fernet(derive_key(secret_key))

    def __repr__(self) -> str:
        return "SecretBox(…)"

    def seal(self, plain: str) -> str:
        """Return plain encrypted and authenticated, as ASCII text."""
        return self._fernet.encrypt(plain.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        """Return the plain text of a sealed value; SealError if it is not ours."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, UnicodeError) as exc:
            raise SealError("sealed with another BOT_SECRET_KEY, or changed") from exc


def mask(secret: str, shown: int = 4) -> str:
    """Return a secret as ``••••abcd``: its last few characters only (none if it is short)."""
    if len(secret) <= shown * 2:
        return MASK
    return MASK + secret[-shown:]
