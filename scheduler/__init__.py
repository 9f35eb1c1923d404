"""The clock: APScheduler ticks that claim due reminders and run daily jobs."""
