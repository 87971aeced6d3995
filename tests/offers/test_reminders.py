"""Stale reminders: once per offer and confirmation date, to the provider and its users."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from sozialplanung.core.visibility import Role
from sozialplanung.offers import actions
from sozialplanung.offers.models import StaleReminder
from sozialplanung.offers.reminders import send_stale_reminders
from tests.conftest import TEST

# The fixture offers were confirmed on 15.01.2026; with 12 months they are stale from
# 15.01.2027 on.


@pytest.mark.django_db
def test_nothing_is_sent_while_records_are_fresh(offers):
    assert send_stale_reminders(dt.date(2026, 12, 31)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_clock_advanced_sends_once_per_offer(offers, users):
    users[Role.TRAEGER].email = "traeger@example.invalid"
    users[Role.TRAEGER].save()
    later = dt.date(2027, 2, 1)
    assert send_stale_reminders(later) == 3
    by_subject = {m.subject: m for m in mail.outbox}
    nord = next(m for s, m in by_subject.items() if "Mittagstisch Nord" in s)
    assert nord.to == ["nord@example.invalid", "traeger@example.invalid"]
    assert "15.01.2026" in nord.body and "veraltet" in nord.subject
    # Running again, even much later, sends nothing new.
    assert send_stale_reminders(later) == 0
    assert send_stale_reminders(dt.date(2027, 6, 1)) == 0
    assert len(mail.outbox) == 3
    assert StaleReminder.objects.count() == 3


@pytest.mark.django_db
def test_confirming_starts_a_new_cycle(offers, settings):
    settings.OFFER_STALE_MONTHS = 6
    offer = offers["mittag-sued"]
    assert send_stale_reminders(dt.date(2026, 8, 1)) == 3
    actions.confirm_offer(offer, day=dt.date(2026, 8, 2), acting_user=TEST)
    assert send_stale_reminders(dt.date(2026, 9, 1)) == 0
    assert send_stale_reminders(dt.date(2027, 2, 3)) == 1
    assert "Mittagstisch Süd" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_command_takes_the_day(offers, capsys):
    call_command("send_stale_reminders", "--today", "2027-02-01")
    call_command("send_stale_reminders", "--today", "2027-02-01")
    out = capsys.readouterr().out
    assert "3 Erinnerung(en) verschickt (Stichtag 01.02.2027)" in out
    assert "0 Erinnerung(en) verschickt" in out
