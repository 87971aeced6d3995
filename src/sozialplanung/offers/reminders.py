"""E-mail reminders to providers whose offer records are stale.

Exactly once per offer and confirmation date, also across restarts and parallel runs:
the ``StaleReminder`` row is written in the same transaction as the sending, and its
unique constraint turns a second attempt into a no-op. Confirming the offer gives a new
confirmation date, and so one new reminder when that one grows stale.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from .freshness import confirmed_on, stale_before
from .models import Offer, StaleReminder


def recipients(offer: Offer) -> list[str]:
    """The provider's address, then its active users', each once."""
    provider = offer.provider
    found = [provider.email] if provider.email else []
    users = provider.users.filter(is_active=True).exclude(email="").order_by("email")
    for email in users.values_list("email", flat=True):
        if email not in found:
            found.append(email)
    return found


def reminder_text(offer: Offer, confirmed: dt.date, link: str) -> tuple[str, str]:
    subject = f"Bitte bestätigen: Angaben zu „{offer.name}“ sind veraltet"
    body = "\n".join(
        [
            "Guten Tag,",
            "",
            f"die Angaben zu Ihrem Angebot „{offer.name}“ ({offer.category.name}) wurden "
            f"zuletzt am {confirmed:%d.%m.%Y} bestätigt und gelten damit als veraltet.",
            "",
            "Bitte prüfen Sie Adresse, Öffnungszeiten, Kapazität, Personal und Finanzierung "
            "und klicken Sie auf „Angaben speichern und bestätigen“:",
            link,
            "",
            "Diese Nachricht wurde automatisch von der Sozialplanung verschickt; "
            "bis zur nächsten Bestätigung erhalten Sie keine weitere Erinnerung.",
        ]
    )
    return subject, body


def _send_one(offer: Offer, confirmed: dt.date, to: list[str], link: str) -> bool:
    with transaction.atomic():
        try:
            with transaction.atomic():
                StaleReminder.objects.create(
                    offer=offer, confirmed_on=confirmed, recipients=", ".join(to)
                )
        except IntegrityError:
            return False
        subject, body = reminder_text(offer, confirmed, link)
        send_mail(subject, body, None, to)
    return True


def send_stale_reminders(today: dt.date, *, stdout: TextIO | None = None) -> int:
    """Remind the provider of every active or paused stale offer once; returns the count."""
    limit = stale_before(today)
    candidates = (
        Offer.objects.exclude(status=Offer.Status.CLOSED)
        .select_related("provider", "category", "municipality")
        .order_by("municipality__slug", "name")
    )
    sent = 0
    for offer in candidates:
        confirmed = confirmed_on(offer)
        if confirmed >= limit:
            continue
        to = recipients(offer)
        if not to:
            if stdout is not None:
                stdout.write(f"Keine E-Mail-Adresse für {offer.provider.name} ({offer.name}).\n")
            continue
        link = reverse("offers:edit", args=[offer.municipality.slug, offer.pk])
        if _send_one(offer, confirmed, to, link):
            sent += 1
    return sent
