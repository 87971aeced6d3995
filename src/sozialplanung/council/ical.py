"""The due dates of one office as an iCalendar feed, for the office's calendar.

One all-day event per unfinished item at its due date (see ``overdue.due_items``);
the feed shows only what the requester may read, so an anonymous subscriber gets the
public items only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event

from sozialplanung.core.models import Office

from .overdue import DueItem

PRODID = "-//Sozialplanung//Beschlusskontrolle//DE"


def summary(due: DueItem) -> str:
    return f"Beschlusskontrolle {due.reference} Punkt {due.item.number}"


def description(due: DueItem) -> str:
    paper = due.item.resolution.paper
    stand = f"Stand: {due.status_label}"
    if due.report is not None:
        stand += f" (Bericht vom {due.report.date:%d.%m.%Y})"
    return "\n\n".join(
        [f"{paper.reference} {paper.name}", f"Punkt {due.item.number}: {due.item.text}", stand]
    )


def office_calendar(
    office: Office, dues: Iterable[DueItem], *, host: str, stamp: dt.datetime
) -> bytes:
    """The feed of ``office``; ``stamp`` (DTSTAMP) is passed in for reproducible output."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Beschlusskontrolle {office.name}")
    for due in dues:
        event = Event()
        event.add("uid", f"beschlusskontrolle-{due.item.pk}-{due.due_date:%Y%m%d}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", due.due_date)
        event.add("dtend", due.due_date + dt.timedelta(days=1))
        event.add("summary", summary(due))
        event.add("description", description(due))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
