"""The offers' task on the queue: the reminder run for stale offers.

It calls the same function as the command ``send-stale-reminders``.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .reminders import send_stale_reminders as send_stale_reminders_on


@task()
def send_stale_reminders(today: str | None = None) -> int:
    """Remind the providers of stale offers (``today``: ISO date, default the worker's)."""
    return send_stale_reminders_on(dt.date.fromisoformat(today) if today else dt.date.today())
