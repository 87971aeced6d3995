"""E-mail reminders to the responsible office when an item's control date has passed.

Exactly once per item, office and due date, also across restarts and parallel runs
(``core.reminders.send_once`` with a ``Reminder`` row as the marker). A new status
report with a new next control date gives a new due date, and so one new reminder when
that one passes.

A reminder carries the paper's subject, the item's text and the latest status, so each
recipient gets only what they may read (``visible_to``): an active staff member what
their login may, the office's shared mailbox what a Fachamt login of the office may.
An item nobody in the office may read (a confidential resolution) is not mailed at all;
the planning unit sees it on the overdue dashboard.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.urls import reverse

from sozialplanung.core.models import Municipality, Office, User
from sozialplanung.core.reminders import send_once
from sozialplanung.core.visibility import Role

from .models import Reminder, ResolutionItem, StatusReport
from .overdue import DueItem, due_items, first_control_months


def readers(office: Office) -> list[tuple[str, User]]:
    """Each address the office's reminders go to, with the login whose clearance applies.

    The shared mailbox first, then the office's active staff, each address once. The
    mailbox has no login of its own: it reads what a Fachamt login of the office reads
    (an unsaved user, only ever handed to ``visible_to``).
    """
    mailbox = User(
        role=Role.FACHAMT, municipality_id=office.municipality_id, office=office, is_active=True
    )
    found = [(office.email, mailbox)] if office.email else []
    for person in office.staff.filter(is_active=True).exclude(email="").order_by("email"):
        if all(person.email != email for email, _reader in found):
            found.append((person.email, person))
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


def _due_for(
    office: Office, to: list[tuple[str, User]], today: dt.date, months: int
) -> list[tuple[DueItem, list[str]]]:
    """The office's due items, each with the addresses allowed to read it as shown.

    Readers who see the same item, due date and newest report share one message; a
    reader who sees another newest report gets the message built from that one.
    """
    grouped: dict[tuple[int, dt.date, int | None], tuple[DueItem, list[str]]] = {}
    for email, reader in to:
        items = ResolutionItem.objects.visible_to(reader).filter(responsible_office=office)
        reports = StatusReport.objects.visible_to(reader)
        for due in due_items(items, reports, months):
            if due.due_date < today:
                key = (due.item.pk, due.due_date, due.report.pk if due.report else None)
                grouped.setdefault(key, (due, []))[1].append(email)
    return list(grouped.values())


def send_due_reminders(today: dt.date, *, stdout: TextIO | None = None) -> int:
    """Send every reminder that is due on ``today`` and not yet sent; returns the count."""
    sent = 0
    for municipality in Municipality.objects.order_by("slug"):
        months = first_control_months(municipality)
        link = reverse("council:overdue", args=[municipality.slug])
        offices = Office.objects.filter(
            municipality=municipality, resolution_items__isnull=False
        ).distinct()
        for office in offices.order_by("name"):
            to = readers(office)
            if not to:
                if stdout:
                    stdout.write(f"Keine E-Mail-Adresse für {office.name}: übersprungen\n")
                continue
            already = set(Reminder.objects.filter(office=office).values_list("item_id", "due_date"))
            for due, addresses in _due_for(office, to, today, months):
                if (due.item.pk, due.due_date) in already:
                    continue
                subject, body = reminder_text(due, f"{link}?amt={office.pk}")
                occasion = {"item": due.item, "office": office, "due_date": due.due_date}
                if send_once(Reminder, occasion, subject, body, addresses):
                    sent += 1
                    already.add((due.item.pk, due.due_date))
                    if stdout:
                        stdout.write(
                            f"Erinnerung an {office.name}: {due.item} (fällig {due.due_date:%d.%m.%Y})\n"
                        )
    return sent
