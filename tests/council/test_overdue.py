"""Overdue items, the dashboard, its XLSX export, reminders and iCal feeds."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar
from openpyxl import load_workbook

from sozialplanung.core.visibility import Role
from sozialplanung.council.models import Reminder, ResolutionItem, StatusReport
from sozialplanung.council.overdue import OverdueFilter, add_months, overdue
from sozialplanung.council.reminders import send_due_reminders

from .conftest import CANARIES, CANARY_CONFIDENTIAL, CANARY_NON_PUBLIC

DUE = dt.date(2025, 9, 30)  # next control of items 2 and 3 of V2696/24
SECRET_DUE = dt.date(2024, 12, 31)


def refs(found):
    return [(d.reference, d.item.number) for d in found.rows]


def test_items_past_their_control_date_are_overdue(v2696, secret_papers, users):
    planner = users[Role.SOZIALPLANUNG]
    municipality = v2696["paper"].municipality
    assert refs(overdue(municipality, planner, DUE)) == [("V9001/24", "1"), ("V9002/24", "1")]
    found = overdue(municipality, planner, DUE + dt.timedelta(days=1))
    # Item 1 is "umgesetzt": control ends. The oldest due date comes first.
    assert refs(found) == [
        ("V9001/24", "1"),
        ("V9002/24", "1"),
        ("V2696/24", "2"),
        ("V2696/24", "3"),
    ]
    # Fachamt may read non-public, not confidential records.
    fachamt = refs(overdue(municipality, users[Role.FACHAMT], DUE + dt.timedelta(days=1)))
    assert ("V9002/24", "1") not in fachamt and ("V9001/24", "1") in fachamt


def test_item_without_report_is_due_months_after_the_resolution(v2696, users):
    resolution = v2696["resolution"]
    ResolutionItem.objects.create(resolution=resolution, number="4", text="Neu", order=4)
    due = add_months(resolution.date, 6)
    assert due == dt.date(2024, 12, 13)
    municipality = resolution.municipality
    planner = users[Role.SOZIALPLANUNG]
    assert ("V2696/24", "4") not in refs(overdue(municipality, planner, due))
    assert ("V2696/24", "4") in refs(overdue(municipality, planner, due + dt.timedelta(days=1)))


def test_filters_and_counts(v2696, secret_papers, offices, bodies, users):
    municipality = v2696["paper"].municipality
    planner, today = users[Role.SOZIALPLANUNG], dt.date(2026, 1, 15)
    every = overdue(municipality, planner, today)
    assert len(every.rows) == 4
    assert [(o.name, n) for o, n in every.per_office] == [("Sozialamt", 4)]
    assert (
        overdue(municipality, planner, today, OverdueFilter(office_id=offices["gb5"].pk)).rows == []
    )
    council = overdue(municipality, planner, today, OverdueFilter(body_id=bodies["stadtrat"].pk))
    assert refs(council) == [("V2696/24", "2"), ("V2696/24", "3")]
    middle = overdue(municipality, planner, today, OverdueFilter(band="3-bis-12-monate"))
    assert refs(middle) == [("V2696/24", "2"), ("V2696/24", "3")]
    old = overdue(municipality, planner, today, OverdueFilter(band="ueber-1-jahr"))
    assert refs(old) == [("V9001/24", "1"), ("V9002/24", "1")]
    assert overdue(municipality, planner, today, OverdueFilter(band="bis-3-monate")).rows == []
    recent = overdue(
        municipality, planner, dt.date(2025, 12, 30), OverdueFilter(band="bis-3-monate")
    )
    assert refs(recent) == [("V2696/24", "2"), ("V2696/24", "3")]


def test_dashboard_is_for_internal_users(v2696, secret_papers, client_for):
    url = "/teststadt/gremien/ueberfaellig/"
    response = Client().get(url)
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    assert Client().get("/teststadt/gremien/ueberfaellig.xlsx").status_code == 302
    assert client_for(Role.TRAEGER).get(url).status_code == 403
    for role in (Role.SOZIALPLANUNG, Role.FACHAMT, Role.STADTRAT, Role.ADMIN):
        assert client_for(role).get(url).status_code == 200
    page = client_for(Role.SOZIALPLANUNG).get(url + "?alter=ueber-1-jahr").content.decode()
    assert "V9001/24" in page and "V9002/24" in page and "31.12.2024" in page


def test_xlsx_export_has_german_headers_and_real_dates(v2696, client_for):
    response = client_for(Role.SOZIALPLANUNG).get("/teststadt/gremien/ueberfaellig.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Vorlage", "Betreff", "Sitzungsnummer", "Beschlussdatum"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[5]) for r in rows] == [("V2696/24", "2"), ("V2696/24", "3")]
    due_cell = sheet.cell(row=2, column=headers.index("Fällig seit") + 1)
    assert due_cell.value == dt.datetime(2025, 9, 30)
    assert due_cell.number_format == "DD.MM.YYYY"


# --- Reminders -------------------------------------------------------------------------


def test_one_reminder_per_item_and_office_also_after_a_restart(
    v2696, secret_papers, offices, users
):
    users[Role.FACHAMT].office = offices["sozialamt"]
    users[Role.FACHAMT].email = "fachamt@teststadt.invalid"
    users[Role.FACHAMT].save()
    # Of the two secret items due 31.12.2024 the office may read the non-public one only.
    assert send_due_reminders(DUE) == 1
    mail.outbox.clear()
    assert send_due_reminders(DUE + dt.timedelta(days=1)) == 2  # items 2 and 3
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.to == ["sozialamt@teststadt.invalid", "fachamt@teststadt.invalid"]
        assert "V2696/24" in message.subject and "30.09.2025" in message.body
        assert "/teststadt/gremien/ueberfaellig/" in message.body
    assert sorted(m.subject.split(" Punkt ")[1][0] for m in mail.outbox) == ["2", "3"]
    # A restart of the command (same day, next day) sends nothing more.
    call_command("send_reminders", "--today", "2025-10-01", stdout=io.StringIO())
    assert send_due_reminders(DUE + dt.timedelta(days=2)) == 0
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 3


def test_a_confidential_item_reaches_only_those_cleared_for_it(
    v2696, secret_papers, offices, users
):
    """The Fachamt gets 404 on a confidential resolution: its mail must not carry it."""
    fachamt, planner = users[Role.FACHAMT], users[Role.SOZIALPLANUNG]
    for person, email in ((fachamt, "fachamt@teststadt.invalid"), (planner, "plan@x.invalid")):
        person.office, person.email = offices["sozialamt"], email
        person.save()
    send_due_reminders(DUE + dt.timedelta(days=1))
    for message in mail.outbox:
        if CANARY_CONFIDENTIAL in message.subject + message.body:
            assert message.to == ["plan@x.invalid"]
    to_office = [m for m in mail.outbox if "sozialamt@teststadt.invalid" in m.to]
    assert to_office and all(fachamt.email in m.to for m in to_office)
    assert not any(CANARY_CONFIDENTIAL in m.subject + m.body for m in to_office)
    assert any(CANARY_NON_PUBLIC in m.body for m in to_office)
    assert any(CANARY_CONFIDENTIAL in m.body for m in mail.outbox)  # the planner's


def test_new_report_with_a_new_date_gives_one_new_reminder(v2696, offices):
    assert send_due_reminders(DUE + dt.timedelta(days=1)) == 2
    later = dt.date(2026, 3, 31)
    StatusReport.objects.create(
        item=v2696["items"][1],
        date=dt.date(2025, 10, 5),
        status=StatusReport.Status.IN_PROGRESS,
        next_control_date=later,
    )
    mail.outbox.clear()
    # Item 3 was reminded of its date already; item 2's new date has not passed yet.
    assert send_due_reminders(later) == 0
    assert send_due_reminders(later + dt.timedelta(days=1)) == 1
    assert "Punkt 2" in mail.outbox[-1].subject and "31.03.2026" in mail.outbox[-1].subject
    assert send_due_reminders(later + dt.timedelta(days=30)) == 0


# --- iCal -------------------------------------------------------------------------------


def events(content: bytes):
    return [c for c in Calendar.from_ical(content).walk() if c.name == "VEVENT"]


@pytest.mark.parametrize("role", [None, Role.SOZIALPLANUNG])
def test_ical_feed_of_an_office(v2696, secret_papers, offices, client_for, role):
    client = client_for(role) if role else Client()
    response = client.get(f"/teststadt/gremien/termine/{offices['sozialamt'].pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    summaries = sorted(str(e["SUMMARY"]) for e in found)
    public = ["Beschlusskontrolle V2696/24 Punkt 2", "Beschlusskontrolle V2696/24 Punkt 3"]
    if role is None:
        assert summaries == public
        assert not any(c.encode() in response.content for c in CANARIES)
    else:
        assert summaries == sorted(
            [*public, "Beschlusskontrolle V9001/24 Punkt 1", "Beschlusskontrolle V9002/24 Punkt 1"]
        )
    event = next(e for e in found if str(e["SUMMARY"]).endswith("V2696/24 Punkt 2"))
    assert event.decoded("DTSTART") == DUE
    assert "in der Umsetzung" in str(event["DESCRIPTION"]) or "being implemented" in str(
        event["DESCRIPTION"]
    )


def test_ical_feed_of_an_unknown_office_is_a_404(v2696):
    assert Client().get("/teststadt/gremien/termine/999999.ics").status_code == 404
