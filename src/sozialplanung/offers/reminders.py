"""E-mail reminders to providers whose offer records are stale.

Exactly once per offer and confirmation date, also across restarts and parallel runs
(``core.reminders.send_once`` with a ``StaleReminder`` row as the marker). Confirming the offer gives a new
confirmation date, and so one new reminder when that one grows stale.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.urls import reverse

from sozialplanung.core.reminders import send_once

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
        subject, body = reminder_text(offer, confirmed, link)
        occasion = {"offer": offer, "confirmed_on": confirmed}
        if send_once(StaleReminder, occasion, subject, body, to):
            sent += 1
    return sent
