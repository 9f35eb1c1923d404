"""ZIP containers are checked against size limits before anything parses them."""

from __future__ import annotations

import io
import zipfile

import pytest

from bot.plan.containers import ContainerError, check_zip


def _zip(parts: dict[str, bytes], lie: int | None = None) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    if lie is not None:
        # Rewrite the declared sizes in the central directory to a small lie.
        raw = bytearray(buffer.getvalue())
        start = raw.rfind(b"PK\x01\x02")
        raw[start + 24 : start + 28] = lie.to_bytes(4, "little")
        buffer = io.BytesIO(bytes(raw))
    buffer.seek(0)
    return buffer


def test_a_small_container_passes_with_its_sizes() -> None:
    summary = check_zip(_zip({"a.xml": b"x" * 1000, "b.xml": b"y"}), 10_000, 10)
    assert (summary.parts, summary.expanded_bytes) == (2, 1001)


def test_too_many_parts() -> None:
    with pytest.raises(ContainerError) as err:
        check_zip(_zip({f"p{i}.xml": b"" for i in range(11)}), 10_000, 10)
    assert (err.value.code, err.value.limit, err.value.value) == ("too_many_parts", 10, 11)


def test_declared_expansion_past_the_limit() -> None:
    with pytest.raises(ContainerError) as err:
        check_zip(_zip({"word/document.xml": b"\0" * 200_000}), 100_000, 10)
    assert err.value.code == "too_large_expanded" and err.value.value == 200_000


def test_a_central_directory_that_lies_is_caught_while_decompressing() -> None:
    with pytest.raises(ContainerError) as err:
        check_zip(_zip({"word/document.xml": b"\0" * 200_000}, lie=10), 100_000, 10)
    # zipfile stops at the declared size and then fails its CRC: refused either way.
    assert err.value.code in ("too_large_expanded", "not_zip")


def test_not_a_zip() -> None:
    with pytest.raises(ContainerError) as err:
        check_zip(io.BytesIO(b"plain text"), 1000, 10)
    assert err.value.code == "not_zip"


def test_one_xml_part_has_its_own_cap_below_the_total() -> None:
    parts = {"word/document.xml": b"<a/>" * 30_000, "word/media/image1.png": b"\x89PNG" * 30_000}
    summary = check_zip(_zip(parts), 1_000_000, 10, max_xml_part=200_000)
    assert summary.expanded_bytes == 240_000
    with pytest.raises(ContainerError) as err:
        check_zip(_zip(parts), 1_000_000, 10, max_xml_part=100_000)
    assert (err.value.code, err.value.limit, err.value.value) == (
        "too_large_part",
        100_000,
        120_000,
    )
