"""A small measures plan for the plan pages, built only through ``measures.actions``.

Plan "fachplan-asyl" (public) with two fields of action and four measures:

- 1.1 "Wohnungen für Geflüchtete" (Sozialamt, 2023-Q1 → 2024-Q4, in progress: overdue),
  with a gap, an offer, a resolution item, costs, a budget line and a key figure
  440 → 507 (target 600);
- 1.2 "Beratung im Quartier" (Jugendamt, 2030-Q1 → 2031-Q2, planned);
- 2.1 "Ehrenamtsbörse" (Sozialamt, 2022-Q3 → 2023-Q2, done);
- 2.2 a non-public measure whose title holds a canary.

And a non-public plan "intern" with one (public) measure, also with a canary.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sozialplanung.core.actions import create_user, define_office
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council.models import Paper, Resolution, ResolutionItem
from sozialplanung.measures import actions
from sozialplanung.measures.actions import CostRecord, GapRecord
from sozialplanung.measures.models import Measure
from tests.conftest import TEST

CANARY_MEASURE = "KANARIE-MASSNAHME-4e1b"
CANARY_PLAN = "KANARIE-PLAN-08c7"
PASSWORD = "test-passwort-123"
ACTOR = TEST


def build_plan(municipality: Municipality, areas: Any, categories: Any, offer: Any) -> dict:
    sozialamt = define_office(municipality, "Sozialamt", short_name="50", acting_user=TEST)
    jugendamt = define_office(municipality, "Jugendamt", short_name="51", acting_user=TEST)
    paper = Paper.objects.create(
        municipality=municipality,
        reference="V2927/19",
        kind=Paper.Kind.VORLAGE,
        name="Fachplan Asyl und Integration",
        date=dt.date(2019, 6, 1),
    )
    resolution = Resolution.objects.create(
        municipality=municipality, paper=paper, date=dt.date(2019, 7, 4)
    )
    item = ResolutionItem.objects.create(
        resolution=resolution, number="3", text="Wohnraum schaffen.", order=3
    )
    plan = actions.save_plan(
        municipality,
        "fachplan-asyl",
        title="Fachplan Asyl und Integration",
        description="Maßnahmen für Geflüchtete.",
        resolution=resolution,
        fields=["Wohnen", "Bürgerschaftliches Engagement"],
        acting_user=ACTOR,
    )
    wohnen, engagement = plan.fields.order_by("order")
    priorities = actions.save_priorities(
        municipality, {1: "Bestand", 3: "Sozialplanerische Bedarfe"}, acting_user=ACTOR
    )
    budget = actions.save_budget(
        municipality,
        "Doppelhaushalt 2025/2026",
        first_year=2025,
        last_year=2026,
        acting_user=ACTOR,
    )
    line = actions.save_budget_line(
        budget,
        priority=priorities[1],
        code="31.5.01",
        title="Wohnraumhilfe",
        amounts={2025: Decimal("50000"), 2026: Decimal("50000")},
        acting_user=ACTOR,
    )
    housing = actions.save_measure(
        wohnen,
        number="1.1",
        title="Wohnungen für Geflüchtete",
        values={
            "description": "Vermittlung in selbst angemieteten Wohnraum.",
            "responsible_office": sozialamt,
            "start_quarter": "2023-Q1",
            "due_quarter": "2024-Q4",
            "status": Measure.Status.IN_PROGRESS,
            "budget_line": line,
        },
        resolution_items=[item],
        gaps=[GapRecord(areas["11"], categories["mittagstisch"], Decimal("120"))],
        offers=[(offer, "schafft")],
        costs=[
            CostRecord(Decimal("12000"), 2025, label="Ausstattung", nature="investiv"),
            CostRecord(Decimal("30000"), 2025, recurring=True, end_year=2026, label="Personal"),
        ],
        acting_user=ACTOR,
    )
    advice = actions.save_measure(
        wohnen,
        number="1.2",
        title="Beratung im Quartier",
        values={
            "responsible_office": jugendamt,
            "start_quarter": "2030-Q1",
            "due_quarter": "2031-Q2",
        },
        requires=[housing],
        acting_user=ACTOR,
    )
    volunteers = actions.save_measure(
        engagement,
        number="2.1",
        title="Ehrenamtsbörse",
        values={
            "responsible_office": sozialamt,
            "start_quarter": "2022-Q3",
            "due_quarter": "2023-Q2",
            "status": Measure.Status.DONE,
        },
        acting_user=ACTOR,
    )
    secret = actions.save_measure(
        engagement,
        number="2.2",
        title=f"Vertrauliche Planung {CANARY_MEASURE}",
        values={
            "responsible_office": sozialamt,
            "due_quarter": "2025-Q4",
            "visibility": Visibility.NON_PUBLIC,
        },
        acting_user=ACTOR,
    )
    actions.save_key_figure(
        housing,
        "Geflüchtete in eigenem Wohnraum",
        unit="Personen",
        baseline=Decimal("440"),
        baseline_date=dt.date(2022, 12, 31),
        target=Decimal("600"),
        target_date=dt.date(2025, 12, 31),
        actuals=[
            (dt.date(2023, 12, 31), Decimal("480"), ""),
            (dt.date(2024, 12, 31), Decimal("507"), "Stand Jahresende"),
        ],
        acting_user=ACTOR,
    )
    actions.record_measure_update(
        housing,
        date=dt.date(2024, 3, 1),
        status=Measure.Status.IN_PROGRESS,
        note="Erste Wohnungen vermittelt.",
        acting_user=ACTOR,
    )
    internal = actions.save_plan(
        municipality,
        "intern",
        title=f"Interner Plan {CANARY_PLAN}",
        visibility=Visibility.NON_PUBLIC,
        fields=["Intern"],
        acting_user=ACTOR,
    )
    hidden = actions.save_measure(
        internal.fields.get(),
        number="9.1",
        title=f"Maßnahme im internen Plan {CANARY_PLAN}",
        values={"responsible_office": sozialamt, "due_quarter": "2026-Q1"},
        acting_user=ACTOR,
    )
    return {
        "plan": plan,
        "internal_plan": internal,
        "housing": housing,
        "advice": advice,
        "volunteers": volunteers,
        "secret": secret,
        "hidden": hidden,
        "line": line,
        "item": item,
        "resolution": resolution,
        "sozialamt": sozialamt,
        "jugendamt": jugendamt,
    }


def office_users(municipality: Municipality) -> dict[str, Any]:
    """A Fachamt login for the Sozialamt and one for the Jugendamt."""
    return {
        office: create_user(
            f"fachamt-{office.lower()}",
            password=PASSWORD,
            role=Role.FACHAMT,
            municipality=municipality,
            office=office,
            acting_user=ACTOR,
        )
        for office in ("Sozialamt", "Jugendamt")
    }
