"""Sending a reminder exactly once: the part the council's and the offers' reminders share.

Exactly once per occasion, also across restarts and parallel runs: the caller's marker
row (``Reminder``, ``StaleReminder``) is written first, in the same transaction as the
sending, and the database's unique constraint on it turns a second attempt into a
no-op. If sending fails, the transaction rolls back and the next run tries again.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction


def send_once(
    marker: type[models.Model], occasion: dict[str, Any], subject: str, body: str, to: list[str]
) -> bool:
    """Write the ``marker`` row of ``occasion`` (with its ``recipients``) and send the mail.

    False if the marker existed already: this reminder went out before.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                marker._default_manager.create(**occasion, recipients=", ".join(to))
        except IntegrityError:
            return False
        send_mail(subject, body, None, to)
    return True
