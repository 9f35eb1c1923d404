"""ITA measures follow-up bot for Thai local administrative organisations."""
