"""Telegram: webhook parsing, rendering, sending."""
