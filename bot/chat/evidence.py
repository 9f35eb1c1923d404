"""Evidence files: fetched from the platform in the background, stored by sha256."""

from __future__ import annotations

import hashlib
import io
import logging
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import cast

import redis

from bot.chat.messages import DOWNLOAD_LIMIT, Attachment, TooLarge
from bot.domain.clock import Now, utc_now
from bot.store import keys as k
from bot.store.codec import as_text
from bot.store.file_store import FileStore, LocalFileStore
from bot.store.redis_store import new_id
from bot.store.server import follow_up
from bot.texts import t

log = logging.getLogger(__name__)

MAX_BYTES = DOWNLOAD_LIMIT
# A DOCX or XLSX is a ZIP: what it expands to is checked before it is kept, so that nobody
# who opens it from the dashboard gets a ZIP bomb.
MAX_EXPANDED = 100 * 1024 * 1024
MAX_PARTS = 2_000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
}
EXTENSIONS = {"jpg", "jpeg", "png", "pdf", "docx", "xlsx"}

Fetcher = Callable[[Attachment], bytes]
STALE_SECONDS = 120.0  # a download not finished after this long is retried by the sweep
MAX_ATTEMPTS = 5
SETTLE_SECONDS = 3.0  # how long a report step waits for its evidence downloads to end


def sniff(data: bytes) -> str | None:
    """Return the file type the bytes really are, among the allowed ones, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
    return None


def file_name(digest: str) -> str:
    """Return the file store's name of the evidence file with this sha256."""
    return f"evidence/{digest[:2]}/{digest}"


def container_problem(data: bytes) -> str | None:
    """Return why a ZIP container is refused (too many parts, expands too far), or None.

    The sizes its directory declares are checked first, then every part is inflated in
    chunks and counted, since a forged directory may lie about them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                return "evidence.too_many_parts"
            if sum(part.file_size for part in parts) > MAX_EXPANDED:
                return "evidence.expands_too_far"
            total = 0
            for part in parts:
                with archive.open(part) as member:
                    while chunk := member.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_EXPANDED:
                            return "evidence.expands_too_far"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        return "evidence.bad_type"
    return None


def declared_problem(attachment: Attachment, is_image: bool) -> str | None:
    """Return why an attachment is refused from what the platform says of it, or None."""
    if attachment.size is not None and attachment.size > MAX_BYTES:
        return "evidence.too_big"
    if not is_image:
        ext = attachment.file_name.rsplit(".", 1)[-1].lower() if "." in attachment.file_name else ""
        if ext not in EXTENSIONS and attachment.mime_type not in ALLOWED:
            return "evidence.bad_type"
    return None


class EvidenceService:
    """Records evidence in Redis and keeps the files under data_dir/evidence."""

    def __init__(
        self,
        client: redis.Redis,
        data_dir: Path,
        workers: int = 4,
        clock: Now = utc_now,
        files: FileStore | None = None,
    ) -> None:
        self.r = client
        self.clock = clock
        self.files: FileStore = files or LocalFileStore(data_dir)
        self.fetchers: dict[str, Fetcher] = {}
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="evidence")
        self._futures: list[Future[None]] = []

    def key(self, org_id: str, evidence_id: str) -> str:
        """Return the Redis key of one evidence record."""
        return k.org_key(k.EVIDENCE, org_id, evidence=evidence_id)

    def add_pending(
        self,
        pipe: redis.client.Pipeline,
        org_id: str,
        platform: str,
        attachment: Attachment,
        user: str = "",
    ) -> str:
        """Queue a record for a file still on the platform; return its id.

        ``user`` is the sender's chat id: a file refused after download is explained to
        them with their next reply (free), not with a push.
        """
        evidence_id = new_id("ev")
        pipe.hset(
            self.key(org_id, evidence_id),
            mapping={
                "kind": "file",
                "state": "pending",
                "platform": platform,
                "user": user,
                "ref": attachment.platform_ref,
                "name": attachment.file_name or "",
                "mime_declared": attachment.mime_type or "",
                "size_declared": attachment.size if attachment.size is not None else "",
            },
        )
        # Written with the report: if the process dies before the download, the sweep retries.
        pipe.zadd(k.EVIDENCE_PENDING, {f"{org_id}/{evidence_id}": self.clock().timestamp()})
        return evidence_id

    def add_link(self, pipe: redis.client.Pipeline, org_id: str, url: str) -> str:
        """Queue a record for a link given as evidence; return its id."""
        evidence_id = new_id("ev")
        pipe.hset(
            self.key(org_id, evidence_id),
            mapping={"kind": "link", "state": "ok", "url": url, "name": url},
        )
        return evidence_id

    def background(self, work: Callable[[], None]) -> None:
        """Run slow work (downloads) on the background pool, after the webhook has answered."""
        self._futures = [f for f in self._futures if not f.done()]
        self._futures.append(self._pool.submit(work))

    def fetch_later(self, org_id: str, evidence_id: str, platform: str, att: Attachment) -> None:
        """Download the file in the background, then check and store it."""
        self.background(lambda: self._fetch(org_id, evidence_id, platform, att))

    def _fetch(self, org_id: str, evidence_id: str, platform: str, att: Attachment) -> None:
        key = self.key(org_id, evidence_id)
        try:
            data = self.fetchers[platform](att)
        except TooLarge:
            self.reject(org_id, evidence_id, "evidence.too_big")
            return
        except Exception:
            log.exception("evidence download failed (%s)", platform)
            self.r.hset(key, mapping={"state": "failed", "reason": "evidence.download_failed"})
            return  # stays pending in the sweep's set: retried later
        reason = self.store_bytes(key, data)
        if reason is not None:
            self.reject(org_id, evidence_id, reason)
            return
        self.r.zrem(k.EVIDENCE_PENDING, f"{org_id}/{evidence_id}")

    def reject(self, org_id: str, evidence_id: str, reason: str) -> None:
        """Refuse a downloaded file: counted nowhere, and its sender is told why."""
        record = self.get(org_id, evidence_id)
        with self.r.pipeline() as pipe:
            pipe.hset(
                self.key(org_id, evidence_id), mapping={"state": "rejected", "reason": reason}
            )
            pipe.sadd(k.org_key(k.EVIDENCE_REJECTED, org_id), evidence_id)
            # The sender's notice (their slot) and the pending entry (a shared set) follow
            # the organisation's MULTI on a cluster; pending leaves last, so a crash before
            # it gets the file swept and refused again, never forgotten.
            if record.get("user") and record.get("report"):  # else the open report says so
                name = record.get("name") or t("report.photo")
                notice = t("evidence.refused_notice", name=name, reason=t(reason))
                missed = k.MISSED.format(platform=record.get("platform", ""), user=record["user"])
                follow_up(pipe, lambda client: client.rpush(missed, notice))
            pending = f"{org_id}/{evidence_id}"
            follow_up(pipe, lambda client: client.zrem(k.EVIDENCE_PENDING, pending))
            pipe.execute()

    def mark_reported(
        self, pipe: redis.client.Pipeline, org_id: str, evidence_ids: list[str], report_id: str
    ) -> None:
        """Note the report that carries each piece of evidence (with the report's save)."""
        for evidence_id in evidence_ids:
            pipe.hset(self.key(org_id, evidence_id), "report", report_id)

    def refused(
        self, org_id: str, evidence_ids: list[str], settle: float = SETTLE_SECONDS
    ) -> list[tuple[str, str]]:
        """Return (evidence id, reason key) of those refused after download.

        Downloads still running are waited for, up to ``settle`` seconds: they usually end
        within a second of the upload, and the answer must not depend on a race.
        """
        if not evidence_ids:
            return []
        deadline = time.monotonic() + settle
        while True:
            with self.r.pipeline(transaction=False) as pipe:
                for evidence_id in evidence_ids:
                    pipe.hmget(self.key(org_id, evidence_id), ["state", "reason"])
                rows = pipe.execute()
            if not any(state == b"pending" for state, _ in rows) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        return [
            (evidence_id, as_text(reason or b"evidence.bad_type"))
            for evidence_id, (state, reason) in zip(evidence_ids, rows, strict=True)
            if state == b"rejected"
        ]

    def retry_stale(self, now: float | None = None, older_than: float = STALE_SECONDS) -> int:
        """Fetch again what is still pending after older_than seconds (crash or failure)."""
        now = now or self.clock().timestamp()
        # Without scores ZRANGEBYSCORE returns members only (redis-py's type is wider).
        stale = cast(
            list[bytes], self.r.zrangebyscore(k.EVIDENCE_PENDING, "-inf", now - older_than, 0, 100)
        )
        retried = 0
        for member in (as_text(m) for m in stale):
            org_id, _, evidence_id = member.partition("/")
            record = self.get(org_id, evidence_id)
            attempts = int(record.get("attempts", "0")) + 1
            if record.get("state") not in ("pending", "failed") or attempts > MAX_ATTEMPTS:
                self.r.zrem(k.EVIDENCE_PENDING, member)
                continue
            self.r.hset(self.key(org_id, evidence_id), "attempts", attempts)
            self.r.zadd(k.EVIDENCE_PENDING, {member: now})
            att = Attachment(
                record.get("ref", ""), record.get("name", ""), record.get("mime_declared", "")
            )
            self.fetch_later(org_id, evidence_id, record.get("platform", ""), att)
            retried += 1
        return retried

    def store_bytes(self, key: str, data: bytes) -> str | None:
        """Check bytes and keep them content-addressed; return why they are refused, or None."""
        if len(data) > MAX_BYTES:
            return "evidence.too_big"
        mime = sniff(data)
        if mime is None:
            return "evidence.bad_type"
        if mime in (DOCX, XLSX) and (problem := container_problem(data)):
            return problem
        digest = hashlib.sha256(data).hexdigest()
        if not self.files.exists(file_name(digest)):  # content-addressed: written once
            self.files.put(file_name(digest), data)
        self.r.hset(key, mapping={"state": "ok", "sha256": digest, "mime": mime, "size": len(data)})
        return None

    def read(self, digest: str) -> bytes | None:
        """Return the stored file with this sha256, or None when it is not there."""
        try:
            return self.files.get(file_name(digest))
        except FileNotFoundError:
            return None

    def get(self, org_id: str, evidence_id: str) -> dict[str, str]:
        """Return an evidence record (empty when unknown)."""
        raw = self.r.hgetall(self.key(org_id, evidence_id))
        return {as_text(a): as_text(b) for a, b in raw.items()}

    def wait(self, timeout: float = 10) -> None:
        """Wait for background downloads (tests and shutdown)."""
        wait(self._futures, timeout=timeout)
