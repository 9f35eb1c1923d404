"""Where files live: a local directory (the embedded default) or S3-compatible storage.

Evidence goes through one ``FileStore``, so with object storage every web host serves and
confirms what any other host stored. Names are relative paths such as
``evidence/ab/ab12…``; files are written whole or not at all.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, Protocol

from bot.app.config import Config


class FileStore(Protocol):
    """Keeps files by name; shared by every process that uses the same configuration."""

    def put(self, name: str, data: bytes) -> None:
        """Store data under name (replacing what was there), whole or not at all."""

    def get(self, name: str) -> bytes:
        """Return the file's bytes; FileNotFoundError if there is none."""

    def exists(self, name: str) -> bool:
        """Whether a file is stored under name."""


def _checked(name: str) -> str:
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not a file name: {name!r}")
    return name


class LocalFileStore:
    """Files under a directory of this host (one host, or a shared file system)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        """Return where a file lives on this host's disk."""
        return self.root / _checked(name)

    def put(self, name: str, data: bytes) -> None:
        """Write the file atomically: a crash never leaves half of it under its name."""
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def get(self, name: str) -> bytes:
        """Return the file's bytes."""
        return self.path(name).read_bytes()

    def exists(self, name: str) -> bool:
        """Whether the file is there."""
        return self.path(name).is_file()


class S3FileStore:
    """Files in a bucket of S3-compatible storage (AWS S3, MinIO, Ceph, …), through boto3."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def _key(self, name: str) -> str:
        return self.prefix + _checked(name)

    def put(self, name: str, data: bytes) -> None:
        """Upload the file (S3 puts are atomic: readers see the old or the new object)."""
        self.client.put_object(Bucket=self.bucket, Key=self._key(name), Body=data)

    def get(self, name: str) -> bytes:
        """Download the file's bytes."""
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
        except self.client.exceptions.NoSuchKey as exc:
            raise FileNotFoundError(name) from exc
        return bytes(answer["Body"].read())

    def exists(self, name: str) -> bool:
        """Whether the object is there (a HEAD request)."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(name))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True


def build_file_store(config: Config) -> FileStore:
    """Return S3 storage when S3_BUCKET is configured, else the data directory."""
    if not config.s3_bucket:
        return LocalFileStore(config.data_dir)
    import boto3  # only deployments with object storage need it

    client = boto3.client(
        "s3",
        endpoint_url=config.s3_endpoint_url or None,
        region_name=config.s3_region,
        aws_access_key_id=config.s3_access_key_id or None,
        aws_secret_access_key=config.s3_secret_access_key or None,
    )
    return S3FileStore(client, config.s3_bucket, config.s3_prefix)
