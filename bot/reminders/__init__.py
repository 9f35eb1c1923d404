"""Reminder planning: the policy, the working calendar, the pure planner and its preview.

Delivery (outbox, ticks, ledger, platforms) lives elsewhere and calls ``plan_org``
and ``render_reminder``.
"""

from bot.reminders.calendar import WorkCalendar, first_working_day
from bot.reminders.planner import PlannedMessage, ReminderItem, plan_reminders
from bot.reminders.policy import PolicyError, ReminderPolicy, parse_setting
from bot.reminders.preview import plan_org, preview, preview_command
from bot.reminders.render import render_reminder

__all__ = [
    "PlannedMessage",
    "PolicyError",
    "ReminderItem",
    "ReminderPolicy",
    "WorkCalendar",
    "first_working_day",
    "parse_setting",
    "plan_org",
    "plan_reminders",
    "preview",
    "preview_command",
    "render_reminder",
]
