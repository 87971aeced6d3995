"""A double budget, grants and a forecast for the budget pages, built via ``measures.actions``.

On the Teststadt of tests/conftest.py with the providers and offers of
tests/offers/conftest.py ("Verein Nord" with Mittagstisch Nord, "Diakonie Süd" with
Mittagstisch Süd). The figures are chosen so that every total can be added up by hand;
the tests write the arithmetic next to their assertions.

Budget "Doppelhaushalt 2025/2026" (non-public):

- priority 1 "Bestand erhalten", line 1.1 "Zuwendungen FFRL Soziales": 250 000 € a year;
  the 2025 grant to Mittagstisch Nord (100 000 €) is assigned to it;
- priority 3 "Sozialplanerische Bedarfe", line 3.1 "Mahlzeitenangebote Leuben, Plauen,
  Cotta": 60 000 € a year; measure 3.1 "Mittagstisch Leuben" costs 25 000 € once in 2025
  (investive) and 40 000 € a year from 2025 on (consumptive).

Grants under "Fachförderrichtlinie Soziales": Mittagstisch Nord 100 000 € in each of
2019–2022 and 2025 (80 % personnel), Mittagstisch Süd 50 000 € in 2021 and 2022 (50 %
personnel). Scenario "Tarif 3/2": personnel +3 %, material +2 % a year, base year 2019.

Forecast "Unterbringung Geflüchteter" (places): demand 680 (2024), 700 (2025), 720
(2026), 650 (2027); 560 places exist from 2025 (2024 unknown). Measures against it: +80
from 2025-Q3, +50 from 2026-Q1, a dropped +100 and a +20 without start quarter.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sozialplanung.core.models import Municipality
from sozialplanung.measures import actions
from sozialplanung.measures.actions import CostRecord
from tests.conftest import TEST

ACTOR = TEST
BUDGET_NAME = "Doppelhaushalt 2025/2026"


def build_budget(municipality: Municipality, providers: Any, offers: Any) -> dict[str, Any]:
    system = {"acting_user": ACTOR}
    keep, extra = actions.save_priorities(
        municipality, {1: "Bestand erhalten", 3: "Sozialplanerische Bedarfe"}, **system
    )
    budget = actions.save_budget(
        municipality, BUDGET_NAME, first_year=2025, last_year=2026, **system
    )
    grants_line = actions.save_budget_line(
        budget,
        priority=keep,
        code="1.1",
        title="Zuwendungen FFRL Soziales",
        amounts={2025: Decimal("250000"), 2026: Decimal("250000")},
        **system,
    )
    meals_line = actions.save_budget_line(
        budget,
        priority=extra,
        code="3.1",
        title="Mahlzeitenangebote Leuben, Plauen, Cotta",
        amounts={2025: Decimal("60000"), 2026: Decimal("60000")},
        **system,
    )
    plan = actions.save_plan(
        municipality,
        "fachkonzept",
        title="Fachkonzept sonstiger sozialer Angebote",
        fields=["Mahlzeiten"],
        **system,
    )
    field = plan.fields.get()
    measure = actions.save_measure(
        field,
        title="Mittagstisch Leuben",
        number="3.1",
        values={"budget_line": meals_line, "start_quarter": "2025-Q1"},
        costs=[
            CostRecord(Decimal("25000"), 2025, nature="investiv", label="Küche"),
            CostRecord(Decimal("40000"), 2025, recurring=True, label="Betrieb"),
        ],
        **system,
    )
    guideline = actions.save_guideline(
        municipality, "Fachförderrichtlinie Soziales", short_name="FFRL Soziales", **system
    )
    nord, sued = providers["nord"], providers["sued"]
    grants = {}
    for year in (2019, 2020, 2021, 2022):
        grants[("nord", year)] = actions.save_grant(
            nord,
            guideline,
            year,
            offer=offers["mittag-nord"],
            applied=Decimal("110000"),
            granted=Decimal("100000"),
            paid=Decimal("100000"),
            **system,
        )
    grants[("nord", 2025)] = actions.save_grant(
        nord,
        guideline,
        2025,
        offer=offers["mittag-nord"],
        applied=Decimal("120000"),
        granted=Decimal("100000"),
        paid=Decimal("50000"),
        budget_line=grants_line,
        **system,
    )
    for year in (2021, 2022):
        grants[("sued", year)] = actions.save_grant(
            sued,
            guideline,
            year,
            offer=offers["mittag-sued"],
            granted=Decimal("50000"),
            personnel_share=Decimal("0.5"),
            **system,
        )
    scenario = actions.save_scenario(
        municipality,
        "Tarif 3/2",
        personnel_rate=Decimal("3"),
        material_rate=Decimal("2"),
        base_year=2019,
        note="TVöD-Abschlüsse und Verbraucherpreise",
        **system,
    )
    return {
        "budget": budget,
        "priorities": {1: keep, 3: extra},
        "lines": {"1.1": grants_line, "3.1": meals_line},
        "plan": plan,
        "field": field,
        "measure": measure,
        "guideline": guideline,
        "grants": grants,
        "scenario": scenario,
    }


def build_capacity(municipality: Municipality) -> dict[str, Any]:
    system = {"acting_user": ACTOR}
    forecast = actions.save_forecast(
        municipality,
        "Unterbringung Geflüchteter",
        unit="Plätze",
        source="Prognose der Zuweisungen",
        years={
            2024: (Decimal("680"), None),
            2025: (Decimal("700"), Decimal("560")),
            2026: (Decimal("720"), None),
            2027: (Decimal("650"), None),
        },
        **system,
    )
    plan = actions.save_plan(
        municipality, "unterbringung", title="Unterbringungskonzept", fields=["Wohnen"], **system
    )
    field = plan.fields.get()

    def measure(title: str, places: str, start: str, status: str = "geplant") -> Any:
        values = {
            "capacity": Decimal(places),
            "capacity_unit": "Plätze",
            "forecast": forecast,
            "start_quarter": start,
            "status": status,
        }
        return actions.save_measure(field, title=title, values=values, **system)

    return {
        "forecast": forecast,
        "nord": measure("Gemeinschaftsunterkunft Nord", "80", "2025-Q3"),
        "verbund": measure("Wohnungsverbund Süd", "50", "2026-Q1"),
        "turnhalle": measure("Notunterkunft Turnhalle", "100", "2025-Q1", "entfallen"),
        "ohne": measure("Wohnprojekt ohne Termin", "20", ""),
    }


@pytest.fixture
def budget_data(municipality, providers, offers) -> dict[str, Any]:
    return build_budget(municipality, providers, offers)


@pytest.fixture
def capacity_data(municipality) -> dict[str, Any]:
    return build_capacity(municipality)
