"""E-mail reminders to the responsible office when an item's control date has passed.

Exactly once per item, office and due date, also across restarts and parallel runs:
the ``Reminder`` row is written first, in the same transaction as the sending, and the
database's unique constraint turns a second attempt into a no-op. If sending fails, the
transaction rolls back and the next run tries again. A new status report with a new
next control date gives a new due date, and so one new reminder when that one passes.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from sozialplanung.core.models import Municipality, Office

from .models import Reminder, ResolutionItem, StatusReport
from .overdue import DueItem, due_items, first_control_months


def recipients(office: Office) -> list[str]:
    """The office's address, then its active staff's, each once."""
    found = [office.email] if office.email else []
    staff = office.staff.filter(is_active=True).exclude(email="").order_by("email")
    for email in staff.values_list("email", flat=True):
        if email not in found:
            found.append(email)
    return found


def reminder_text(due: DueItem, link: str) -> tuple[str, str]:
    item, paper = due.item, due.item.resolution.paper
    session = item.resolution.meeting.session_number if item.resolution.meeting else ""
    subject = f"Beschlusskontrolle fällig: {paper.reference} Punkt {item.number} (seit {due.due_date:%d.%m.%Y})"
    stand = "Bisher liegt kein Bericht vor."
    if due.report is not None:
        stand = f"Letzter Stand ({due.report.date:%d.%m.%Y}): {due.status_label}."
    body = "\n".join(
        [
            "Guten Tag,",
            "",
            f"die Beschlusskontrolle zu folgendem Beschlusspunkt war am {due.due_date:%d.%m.%Y} fällig:",
            "",
            f"Vorlage: {paper.reference} – {paper.name}",
            *([f"Sitzungsnummer: {session}"] if session else []),
            f"Beschlusspunkt {item.number}: {item.text}",
            "",
            stand,
            "",
            "Bitte erfassen Sie einen neuen Sachstand mit dem nächsten Kontrolltermin:",
            link,
            "",
            "Diese Nachricht wurde automatisch von der Sozialplanung verschickt; "
            "zu diesem Termin erhalten Sie keine weitere Erinnerung.",
        ]
    )
    return subject, body


def _send_one(due: DueItem, office: Office, to: list[str], link: str) -> bool:
    """Record and send one reminder; False if it had been sent before."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    item=due.item, office=office, due_date=due.due_date, recipients=", ".join(to)
                )
        except IntegrityError:
            return False
        subject, body = reminder_text(due, link)
        send_mail(subject, body, None, to)
    return True


def send_due_reminders(today: dt.date, *, stdout: TextIO | None = None) -> int:
    """Send every reminder that is due on ``today`` and not yet sent; returns the count."""
    sent = 0
    for municipality in Municipality.objects.order_by("slug"):
        items = ResolutionItem.objects.filter(
            resolution__municipality=municipality, responsible_office__isnull=False
        )
        months = first_control_months(municipality)
        dues = [
            d for d in due_items(items, StatusReport.objects.all(), months) if d.due_date < today
        ]
        already = set(
            Reminder.objects.filter(item__in=[d.item for d in dues]).values_list(
                "item_id", "office_id", "due_date"
            )
        )
        link = reverse("council:overdue", args=[municipality.slug])
        for due in dues:
            office = due.item.responsible_office
            assert office is not None  # filtered above
            if (due.item.pk, office.pk, due.due_date) in already:
                continue
            to = recipients(office)
            if not to:
                if stdout:
                    stdout.write(
                        f"Keine E-Mail-Adresse für {office.name}: {due.item} übersprungen\n"
                    )
                continue
            if _send_one(due, office, to, f"{link}?amt={office.pk}"):
                sent += 1
                if stdout:
                    stdout.write(
                        f"Erinnerung an {office.name}: {due.item} (fällig {due.due_date:%d.%m.%Y})\n"
                    )
    return sent
