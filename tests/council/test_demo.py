"""The council demo: the sample documents' resolutions, their history, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Visibility
from sozialplanung.council.models import Paper, StatusLetter, StatusReport
from sozialplanung.demo import council as council_demo
from sozialplanung.demo.loader import create_demo_logins
from tests.conftest import TEST

pytestmark = pytest.mark.django_db


def test_council_demo_loads_the_samples_once():
    create_municipality("dresden", "Dresden", acting_user=TEST)
    create_demo_logins(lambda line: None)
    lines: list[str] = []
    council_demo.load(lines.append)
    entries = AuditEntry.objects.count()
    council_demo.load(lines.append)
    assert AuditEntry.objects.count() == entries
    assert "0 Einträge im Änderungsprotokoll" in lines[-1]

    v2696 = Paper.objects.get(reference="V2696/24")
    steps = [(c.body.name, c.date, c.public, c.role) for c in v2696.consultations.all()]
    assert len(steps) == 8
    assert steps[0] == ("Leitungskonferenz", dt.date(2024, 3, 26), False, "beratend")
    assert steps[2][1:] == (dt.date(2024, 4, 23), False, "1_lesung")
    assert steps[-1] == ("Stadtrat", dt.date(2024, 6, 13), True, "beschliessend")

    letter = StatusLetter.objects.get(resolution__paper=v2696)
    assert letter.state == StatusLetter.State.RELEASED
    assert letter.next_control_date == dt.date(2025, 9, 30)
    statuses = {r.item.number: r.status for r in letter.reports.all()}
    assert statuses == {"1": "umgesetzt", "2": "in_umsetzung", "3": "in_umsetzung"}
    assert "Arbeit in sachdienlicher" in letter.resolution.items.get(number="2").text

    v2927 = StatusLetter.objects.get(resolution__paper__reference="V2927/19")
    assert v2927.next_control_date == dt.date(2020, 10, 31)
    assert {r.status for r in v2927.reports.all()} == {
        "umgesetzt",
        "in_umsetzung",
        "wird_beruecksichtigt",
    }
    a0200 = Paper.objects.get(reference="A0200/21")
    assert a0200.resolutions.get().meeting.session_number == "SR/034/2022"
    assert a0200.resolutions.get().items.count() == 4
    assert StatusReport.objects.filter(
        item__resolution__paper=a0200, next_control_date__lt=dt.date(2024, 1, 1)
    ).exists()
    assert Paper.objects.filter(visibility=Visibility.NON_PUBLIC).exists()
    assert set(Paper.objects.visible_to(None).values_list("reference", flat=True)) == {
        "V2696/24",
        "A0200/21",
        "V2927/19",
    }
