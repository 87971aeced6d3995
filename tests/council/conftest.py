"""Council fixtures: the Dresden resolution V2696/24 of sample documents 000/001.

Chained on the root fixtures (municipality "teststadt", users). Also a non-public and a
confidential paper whose every text field holds a canary string, so that tests can
crawl public outputs and prove that none of it leaks.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sozialplanung.core.actions import define_office
from sozialplanung.core.visibility import Visibility
from sozialplanung.council.models import (
    AgendaItem,
    Body,
    Consultation,
    Meeting,
    Paper,
    Resolution,
    ResolutionItem,
    StatusReport,
)
from tests.conftest import TEST

CANARY_NON_PUBLIC = "KANARIE-NICHTOEFFENTLICH-7f3a"
CANARY_CONFIDENTIAL = "KANARIE-VERTRAULICH-91bc"
CANARIES = (CANARY_NON_PUBLIC, CANARY_CONFIDENTIAL)

ITEM_TEXTS = [
    "Der Stadtrat beschließt das vorliegende Fachkonzept sonstiger sozialer Angebote für "
    "Dresden - Sozialplanerisches Handlungskonzept.",
    "Der Oberbürgermeister wird beauftragt, über die Trägerversammlung des Jobcenters Dresden "
    "darauf hinzuwirken, dass die durch das Jobcenter Dresden öffentlich geförderte Arbeit in "
    "sachdienlicher und geeigneter Weise in den im Konzept aufgezeigten sonstigen sozialen "
    "Angeboten verortet wird.",
    "Maßnahmen, welche zusätzliche finanzielle Auswirkungen nach sich ziehen, werden den "
    "jeweils zuständigen Gremien oder dem Stadtrat zur Beschlussfassung vorgelegt.",
]


@pytest.fixture
def offices(municipality):
    return {
        "sozialamt": define_office(
            municipality,
            "Sozialamt",
            short_name="50",
            email="sozialamt@teststadt.invalid",
            acting_user=TEST,
        ),
        "gb5": define_office(
            municipality,
            "Geschäftsbereich Arbeit, Soziales, Gesundheit und Wohnen",
            short_name="GB 5",
            email="gb5@teststadt.invalid",
            acting_user=TEST,
        ),
    }


@pytest.fixture
def bodies(municipality):
    make = lambda name, kind, short="": Body.objects.create(  # noqa: E731
        municipality=municipality, name=name, kind=kind, short_name=short
    )
    return {
        "stadtrat": make("Stadtrat", Body.Kind.COUNCIL, "SR"),
        "sozial": make("Ausschuss für Soziales und Wohnen", Body.Kind.COMMITTEE, "ASW"),
        "beirat": make("Seniorenbeirat", Body.Kind.ADVISORY_BOARD),
    }


@pytest.fixture
def v2696(municipality, offices, bodies, users):
    """Paper V2696/24, its consultations, the resolution of SR/063/2024 with 3 items,
    and the status reports of the letter of October 2024 (sample 001)."""
    paper = Paper.objects.create(
        municipality=municipality,
        reference="V2696/24",
        kind=Paper.Kind.VORLAGE,
        name="Fachkonzept sonstiger sozialer Angebote für Dresden - Sozialplanerisches "
        "Handlungskonzept",
        date=dt.date(2024, 3, 26),
        originator="Oberbürgermeister",
        responsible_office=offices["gb5"],
    )
    meeting = Meeting.objects.create(
        municipality=municipality,
        name="Sitzung des Stadtrates",
        session_number="SR/063/2024",
        start=timezone.make_aware(dt.datetime(2024, 6, 13, 16, 0)),
    )
    meeting.bodies.add(bodies["stadtrat"])
    for order, (body, day, public, role) in enumerate(
        [
            ("beirat", dt.date(2024, 4, 10), True, Consultation.Role.ADVISORY),
            ("sozial", dt.date(2024, 5, 6), False, Consultation.Role.FIRST_READING),
            ("sozial", dt.date(2024, 5, 27), True, Consultation.Role.LEAD),
            ("stadtrat", dt.date(2024, 6, 13), True, Consultation.Role.DECIDING),
        ]
    ):
        Consultation.objects.create(
            paper=paper,
            body=bodies[body],
            date=day,
            public=public,
            role=role,
            order=order,
            meeting=meeting if body == "stadtrat" else None,
        )
    AgendaItem.objects.create(meeting=meeting, number="12", name=paper.name, paper=paper, order=12)
    resolution = Resolution.objects.create(
        municipality=municipality,
        paper=paper,
        meeting=meeting,
        body=bodies["stadtrat"],
        date=dt.date(2024, 6, 13),
        text="\n".join(ITEM_TEXTS),
        votes_yes=45,
        votes_no=12,
        votes_abstain=3,
    )
    items = [
        ResolutionItem.objects.create(
            resolution=resolution,
            number=str(n),
            text=text,
            order=n,
            responsible_office=offices["sozialamt"],
        )
        for n, text in enumerate(ITEM_TEXTS, start=1)
    ]
    report_day, next_control = dt.date(2024, 10, 8), dt.date(2025, 9, 30)
    # Published: the council read them in the letter of October 2024.
    published = timezone.make_aware(dt.datetime(2024, 10, 8, 12, 0))
    StatusReport.objects.create(
        item=items[0],
        date=report_day,
        status=StatusReport.Status.DONE,
        author=users["fachamt"],
        office=offices["sozialamt"],
        published_at=published,
    )
    StatusReport.objects.create(
        item=items[1],
        date=report_day,
        status=StatusReport.Status.IN_PROGRESS,
        narrative="In der Trägerversammlung erfolgt mit dem Jobcenter Dresden eine "
        "Prioritätensetzung zu öffentlich geförderter Beschäftigung.",
        next_control_date=next_control,
        author=users["fachamt"],
        office=offices["sozialamt"],
        published_at=published,
    )
    StatusReport.objects.create(
        item=items[2],
        date=report_day,
        status=StatusReport.Status.IN_PROGRESS,
        narrative="Die Schaffung von Angeboten von Mahlzeiten in den Sozialbezirken Leuben, "
        "Plauen und Cotta ist im Doppelhaushalt 2025/2026 in der Priorität 3 "
        "(„Sozialplanerische Bedarfe“) der Mehrbedarfe enthalten.",
        next_control_date=next_control,
        author=users["fachamt"],
        office=offices["sozialamt"],
        published_at=published,
    )
    return {"paper": paper, "meeting": meeting, "resolution": resolution, "items": items}


@pytest.fixture
def secret_papers(municipality, offices, bodies):
    """A non-public and a confidential paper, resolution, item and report, full of canaries."""
    made = {}
    for visibility, canary, reference in (
        (Visibility.NON_PUBLIC, CANARY_NON_PUBLIC, "V9001/24"),
        (Visibility.CONFIDENTIAL, CANARY_CONFIDENTIAL, "V9002/24"),
    ):
        paper = Paper.objects.create(
            municipality=municipality,
            reference=reference,
            name=f"Grundstück {canary}",
            text=f"Vertragsdetails {canary}",
            originator=f"Amt {canary}",
            visibility=visibility,
            date=dt.date(2024, 9, 1),
            responsible_office=offices["sozialamt"],
        )
        Consultation.objects.create(
            paper=paper,
            body=bodies["sozial"],
            date=dt.date(2024, 9, 9),
            public=False,
            role=Consultation.Role.DECIDING,
        )
        resolution = Resolution.objects.create(
            municipality=municipality,
            paper=paper,
            date=dt.date(2024, 9, 9),
            text=f"Beschluss {canary}",
            visibility=visibility,
        )
        item = ResolutionItem.objects.create(
            resolution=resolution,
            number="1",
            text=f"Punkt {canary}",
            order=1,
            responsible_office=offices["sozialamt"],
            visibility=visibility,
        )
        StatusReport.objects.create(
            item=item,
            date=dt.date(2024, 10, 1),
            status=StatusReport.Status.IN_PROGRESS,
            narrative=f"Bericht {canary}",
            next_control_date=dt.date(2024, 12, 31),
            office=offices["sozialamt"],
            visibility=visibility,
            # Published: only their visibility keeps them from the public.
            published_at=timezone.make_aware(dt.datetime(2024, 10, 1, 12, 0)),
        )
        made[visibility] = {"paper": paper, "resolution": resolution, "item": item}
    return made
