"""The domain, pure: organisations, measures, statuses, divisions, the Thai calendar, timeframes."""
