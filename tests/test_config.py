from pathlib import Path

import pytest

from bot.app.config import ConfigError, load_config


def test_defaults_for_make_run() -> None:
    config = load_config({})
    assert config.redis_url is None and config.demo and config.with_clock
    assert config.data_dir == Path("data") and config.port == 8000


def test_production_refuses_to_start_without_redis_and_names_what_is_missing() -> None:
    with pytest.raises(ConfigError) as err:
        load_config({"BOT_ENV": "production"})
    assert "REDIS_URL" in str(err.value) and "BOT_SECRET_KEY" in str(err.value)
    config = load_config(
        {"BOT_ENV": "production", "REDIS_URL": "redis://r:6379/0", "BOT_SECRET_KEY": "s"}
    )
    assert config.is_production and not config.demo and not config.with_clock


def test_bad_port() -> None:
    with pytest.raises(ConfigError):
        load_config({"PORT": "eighty"})
