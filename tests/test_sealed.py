"""Sealing secrets with a key derived from BOT_SECRET_KEY."""

from __future__ import annotations

import pytest

from bot.store.sealed import SealError, SecretBox, derive_key, mask


def test_seal_and_open_round_trip_with_a_fresh_ciphertext_each_time() -> None:
    box = SecretBox("deployment-key")
    first, second = box.seal("ความลับ"), box.seal("ความลับ")
    assert first != second and "ความลับ" not in first
    assert box.open(first) == box.open(second) == "ความลับ"
    assert "deployment-key" not in repr(box)


def test_another_key_or_a_changed_value_is_refused() -> None:
    sealed = SecretBox("deployment-key").seal("token")
    with pytest.raises(SealError):
        SecretBox("another-key").open(sealed)
    with pytest.raises(SealError):
        SecretBox("deployment-key").open(sealed[:-4] + "AAAA")


def test_the_key_is_derived_not_the_secret_key_itself() -> None:
    key = derive_key("deployment-key")
    assert key == derive_key("deployment-key") and key != derive_key("deployment-key2")
    assert b"deployment-key" not in key and len(key) == 44
    with pytest.raises(ValueError):
        derive_key("")


def test_mask_shows_only_the_last_four_characters_of_long_secrets() -> None:
    assert mask("abcdefghijkl") == "••••ijkl"
    assert mask("abcd1234") == "••••"
