"""Typed configuration, read once from the environment at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The environment does not describe a runnable configuration."""


@dataclass(frozen=True)
class Config:
    """Everything the bot needs to know about its environment."""

    env: str = "development"
    redis_url: str | None = None
    redis_cluster: bool = False  # REDIS_URL names one node of a Redis Cluster / Valkey cluster
    data_dir: Path = Path("data")
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = "http://127.0.0.1:8000"
    line_channel_secret: str = ""
    line_channel_access_token: str = ""
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str = "https://api-data.line.me"
    telegram_bot_token: str = ""
    telegram_secret_token: str = ""
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"
    telegram_bot_username: str = ""
    line_bot_basic_id: str = ""  # the Official Account's basic id ("@123abcde"): invite links
    secret_key: str = "dev-only-secret"
    demo: bool = True
    with_clock: bool = True
    worker_threads: int = 4
    s3_endpoint_url: str = ""
    s3_bucket: str = ""
    s3_prefix: str = ""
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""

    @property
    def is_production(self) -> bool:
        """Whether this runs as the production service."""
        return self.env == "production"

    def with_overrides(self, **changes: Any) -> Config:
        """Return a copy with some fields changed (tests, CLI flags)."""
        return replace(self, **changes)


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from environment variables, failing fast on gaps."""
    env = os.environ if environ is None else environ
    bot_env = env.get("BOT_ENV", "development")
    is_production = bot_env == "production"
    missing: list[str] = []
    if is_production:
        for name in ("REDIS_URL", "BOT_SECRET_KEY"):
            if not env.get(name):
                missing.append(name)
    wants_cluster = _flag(env.get("REDIS_CLUSTER"), default=False)
    if wants_cluster and not env.get("REDIS_URL") and "REDIS_URL" not in missing:
        missing.append("REDIS_URL (REDIS_CLUSTER=1 needs a node of the cluster)")
    if missing:
        raise ConfigError(
            "this configuration needs these environment variables: " + ", ".join(missing)
        )
    port = env.get("PORT", "8000")
    if not port.isdigit():
        raise ConfigError(f"PORT must be a number, got {port!r}")
    threads = env.get("WORKER_THREADS", "4")
    if not threads.isdigit() or not 1 <= int(threads) <= 64:
        raise ConfigError(f"WORKER_THREADS must be a number from 1 to 64, got {threads!r}")
    defaults = Config()
    return Config(
        env=bot_env,
        redis_url=env.get("REDIS_URL") or None,
        redis_cluster=_flag(env.get("REDIS_CLUSTER"), default=False),
        data_dir=Path(env.get("BOT_DATA_DIR", "data")),
        host=env.get("HOST", "127.0.0.1"),
        port=int(port),
        public_url=env.get("PUBLIC_URL", f"http://127.0.0.1:{port}"),
        line_channel_secret=env.get("LINE_CHANNEL_SECRET", ""),
        line_channel_access_token=env.get("LINE_CHANNEL_ACCESS_TOKEN", ""),
        line_api_base_url=env.get("LINE_API_BASE_URL", defaults.line_api_base_url),
        line_data_api_base_url=env.get(
            "LINE_DATA_API_BASE_URL",
            env.get("LINE_API_BASE_URL", defaults.line_data_api_base_url),
        ),
        telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN", ""),
        telegram_secret_token=env.get("TELEGRAM_SECRET_TOKEN", ""),
        telegram_api_base_url=env.get("TELEGRAM_API_BASE_URL", defaults.telegram_api_base_url),
        telegram_file_base_url=env.get("TELEGRAM_FILE_BASE_URL", defaults.telegram_file_base_url),
        telegram_bot_username=env.get("TELEGRAM_BOT_USERNAME", ""),
        line_bot_basic_id=env.get("LINE_BOT_BASIC_ID", "").strip(),
        secret_key=env.get("BOT_SECRET_KEY", defaults.secret_key),
        demo=_flag(env.get("BOT_DEMO"), default=not is_production),
        with_clock=_flag(env.get("BOT_WITH_CLOCK"), default=not is_production),
        worker_threads=int(threads),
        s3_endpoint_url=env.get("S3_ENDPOINT_URL", ""),
        s3_bucket=env.get("S3_BUCKET", ""),
        s3_prefix=env.get("S3_PREFIX", ""),
        s3_region=env.get("S3_REGION", defaults.s3_region),
        s3_access_key_id=env.get("S3_ACCESS_KEY_ID", env.get("AWS_ACCESS_KEY_ID", "")),
        s3_secret_access_key=env.get("S3_SECRET_ACCESS_KEY", env.get("AWS_SECRET_ACCESS_KEY", "")),
    )
