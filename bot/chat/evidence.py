"""Evidence files: fetched from the platform in the background, stored by sha256."""

from __future__ import annotations

import hashlib
import io
import logging
import time
import zipfile
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

from bot.chat.messages import DOWNLOAD_LIMIT, Attachment, TooLarge
from bot.domain.clock import Now, utc_now
from bot.store.evidence import EvidenceStore
from bot.store.file_store import FileStore, LocalFileStore
from bot.store.redis_store import Pipeline, new_id
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
    """Records evidence in the store and keeps the files under data_dir/evidence."""

    def __init__(
        self,
        records: EvidenceStore,
        data_dir: Path,
        workers: int = 4,
        clock: Now = utc_now,
        files: FileStore | None = None,
        fetchers: Mapping[str, Fetcher] | None = None,
        find_fetcher: Callable[[str], Fetcher | None] | None = None,
    ) -> None:
        self.records = records
        self.clock = clock
        self.files: FileStore = files or LocalFileStore(data_dir)
        self.fetchers: dict[str, Fetcher] = dict(fetchers or {})  # chat address -> download
        self.find_fetcher = find_fetcher  # an organisation's own channels, by chat address
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="evidence")
        self._futures: list[Future[None]] = []

    def add_pending(
        self,
        pipe: Pipeline,
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
        fields: dict[str, str | int | float] = {
            "kind": "file",
            "state": "pending",
            "platform": platform,
            "user": user,
            "ref": attachment.platform_ref,
            "name": attachment.file_name or "",
            "mime_declared": attachment.mime_type or "",
            "size_declared": attachment.size if attachment.size is not None else "",
        }
        # Written with the report: if the process dies before the download, the sweep retries.
        self.records.add_pending(pipe, org_id, evidence_id, fields, self.clock().timestamp())
        return evidence_id

    def add_link(self, pipe: Pipeline, org_id: str, url: str) -> str:
        """Queue a record for a link given as evidence; return its id."""
        evidence_id = new_id("ev")
        fields = {"kind": "link", "state": "ok", "url": url, "name": url}
        self.records.update(org_id, evidence_id, fields, pipeline=pipe)
        return evidence_id

    def background(self, work: Callable[[], None]) -> None:
        """Run slow work (downloads) on the background pool, after the webhook has answered."""
        self._futures = [f for f in self._futures if not f.done()]
        self._futures.append(self._pool.submit(work))

    def fetcher(self, address: str) -> Fetcher | None:
        """Return the download of a chat address's channel ("line", "line@ch_x"), if any."""
        found = self.fetchers.get(address)
        if found is None and self.find_fetcher is not None:
            found = self.find_fetcher(address)
        return found

    def fetch_later(self, org_id: str, evidence_id: str, platform: str, att: Attachment) -> None:
        """Download the file in the background, then check and store it."""
        self.background(lambda: self._fetch(org_id, evidence_id, platform, att))

    def _fetch(self, org_id: str, evidence_id: str, platform: str, att: Attachment) -> None:
        try:
            fetch = self.fetcher(platform)
            if fetch is None:  # its channel was removed: nothing can download it any more
                raise LookupError(f"no channel for {platform}")
            data = fetch(att)
        except TooLarge:
            self.reject(org_id, evidence_id, "evidence.too_big")
            return
        except Exception:
            log.exception("evidence download failed (%s)", platform)
            failed = {"state": "failed", "reason": "evidence.download_failed"}
            self.records.update(org_id, evidence_id, failed)
            return  # stays pending in the sweep's set: retried later
        reason = self.store_bytes(org_id, evidence_id, data)
        if reason is not None:
            self.reject(org_id, evidence_id, reason)
            return
        self.records.fetched(org_id, evidence_id)

    def reject(self, org_id: str, evidence_id: str, reason: str) -> None:
        """Refuse a downloaded file: counted nowhere, and its sender is told why."""
        record = self.get(org_id, evidence_id)
        notice: tuple[str, str, str] | None = None
        if record.get("user") and record.get("report"):  # else the open report says so
            name = record.get("name") or t("report.photo")
            text = t("evidence.refused_notice", name=name, reason=t(reason))
            notice = (record.get("platform", ""), record["user"], text)
        self.records.reject(org_id, evidence_id, reason, notice)

    def mark_reported(
        self, pipe: Pipeline, org_id: str, evidence_ids: list[str], report_id: str
    ) -> None:
        """Note the report that carries each piece of evidence (with the report's save)."""
        for evidence_id in evidence_ids:
            self.records.update(org_id, evidence_id, {"report": report_id}, pipeline=pipe)

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
            rows = self.records.states(org_id, evidence_ids)
            if not any(state == "pending" for state, _ in rows) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        return [
            (evidence_id, reason or "evidence.bad_type")
            for evidence_id, (state, reason) in zip(evidence_ids, rows, strict=True)
            if state == "rejected"
        ]

    def retry_stale(self, now: float | None = None, older_than: float = STALE_SECONDS) -> int:
        """Fetch again what is still pending after older_than seconds (crash or failure)."""
        now = now or self.clock().timestamp()
        retried = 0
        for org_id, evidence_id in self.records.queued_before(now - older_than):
            record = self.get(org_id, evidence_id)
            attempts = int(record.get("attempts", "0")) + 1
            if record.get("state") not in ("pending", "failed") or attempts > MAX_ATTEMPTS:
                self.records.fetched(org_id, evidence_id)
                continue
            self.records.update(org_id, evidence_id, {"attempts": attempts})
            self.records.requeue(org_id, evidence_id, now)
            att = Attachment(
                record.get("ref", ""), record.get("name", ""), record.get("mime_declared", "")
            )
            self.fetch_later(org_id, evidence_id, record.get("platform", ""), att)
            retried += 1
        return retried

    def store_bytes(self, org_id: str, evidence_id: str, data: bytes) -> str | None:
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
        ok: dict[str, str | int | float] = {
            "state": "ok",
            "sha256": digest,
            "mime": mime,
            "size": len(data),
        }
        self.records.update(org_id, evidence_id, ok)
        return None

    def read(self, digest: str) -> bytes | None:
        """Return the stored file with this sha256, or None when it is not there."""
        try:
            return self.files.get(file_name(digest))
        except FileNotFoundError:
            return None

    def get(self, org_id: str, evidence_id: str) -> dict[str, str]:
        """Return an evidence record (empty when unknown)."""
        return self.records.get(org_id, evidence_id)

    def wait(self, timeout: float = 10) -> None:
        """Wait for background downloads (tests and shutdown)."""
        wait(self._futures, timeout=timeout)
