"""The file store: a local directory, and S3 through a real S3-compatible server on loopback.

The S3 tests start moto's standalone server (``moto_server``) as its own process and talk
to it with boto3 over HTTP, as the bot would talk to MinIO or AWS S3.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.config import Config
from bot.chat.evidence import EvidenceService, file_name
from bot.store.file_store import FileStore, LocalFileStore, S3FileStore, build_file_store
from bot.store.redis_store import RedisStore

PDF = b"%PDF-1.4 evidence on shared storage"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    port = _free_port()
    server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("moto_server did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


def s3_config(url: str, tmp_path: Path, bucket: str) -> Config:
    return Config(
        data_dir=tmp_path,
        s3_endpoint_url=url,
        s3_bucket=bucket,
        s3_access_key_id="test",
        s3_secret_access_key="test",
        s3_prefix="ita",
    )


def make_bucket(store: FileStore, bucket: str) -> None:
    assert isinstance(store, S3FileStore)
    store.client.create_bucket(Bucket=bucket)


def test_local_store_writes_whole_files_and_refuses_escapes(tmp_path: Path) -> None:
    files = LocalFileStore(tmp_path)
    files.put("evidence/ab/abc", b"data")
    assert files.get("evidence/ab/abc") == b"data" and files.exists("evidence/ab/abc")
    assert not files.exists("evidence/ab/none")
    with pytest.raises(FileNotFoundError):
        files.get("evidence/ab/none")
    for bad in ("../secret", "/etc/passwd", "a//b", ""):
        with pytest.raises(ValueError):
            files.put(bad, b"x")
    assert [p.name for p in (tmp_path / "evidence" / "ab").iterdir()] == ["abc"]  # no temp left


def test_s3_store_round_trip_on_a_real_server(s3_url: str, tmp_path: Path) -> None:
    files = build_file_store(s3_config(s3_url, tmp_path, "round-trip"))
    make_bucket(files, "round-trip")
    assert not files.exists("evidence/ab/abc")
    with pytest.raises(FileNotFoundError):
        files.get("evidence/ab/abc")
    files.put("evidence/ab/abc", PDF)
    assert files.exists("evidence/ab/abc") and files.get("evidence/ab/abc") == PDF
    assert not any(tmp_path.iterdir())  # nothing on this host's disk


@pytest.mark.store
def test_evidence_stored_by_one_host_is_served_by_another(
    s3_url: str, store: RedisStore, tmp_path: Path
) -> None:
    """Two web hosts: each has its own disk, both share Redis and the bucket."""
    first = build_file_store(s3_config(s3_url, tmp_path / "host-a", "shared"))
    make_bucket(first, "shared")
    second = build_file_store(s3_config(s3_url, tmp_path / "host-b", "shared"))
    now = lambda: datetime(2026, 11, 30, 3, 0, tzinfo=UTC)  # noqa: E731
    host_a = EvidenceService(store.evidence, tmp_path / "host-a", clock=now, files=first)
    host_b = EvidenceService(store.evidence, tmp_path / "host-b", clock=now, files=second)
    assert host_a.store_bytes("demo", "ev_1", PDF) is None
    digest = host_b.get("demo", "ev_1")["sha256"]
    assert host_b.read(digest) == PDF
    assert second.exists(file_name(digest))
    assert not (tmp_path / "host-a").exists() and not (tmp_path / "host-b").exists()
