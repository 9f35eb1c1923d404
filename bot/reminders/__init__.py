"""Reminder planning: the policy, the working calendar, the pure planner and its preview.

Delivery (outbox, ticks, ledger, platforms) lives elsewhere and calls
``bot.reminders.preview.plan_org`` and ``bot.reminders.render.render_reminder``.
The package re-exports nothing: the store imports the pure modules (policy, calendar,
snooze), and a re-export of the preview, which reads the store, would make a circle.
"""
