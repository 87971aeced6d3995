# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""Teststadt with something in every export: the fixtures of the apps, combined.

``exports`` lists each output the pages offer as (exporter, format, URL, parameters):
the URL is the one the page links, the parameters what ``sozialplanung export`` gets
for the same file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from sozialplanung.core.visibility import Role
from sozialplanung.council.models import StatusLetter, StatusReport
from sozialplanung.measures import actions as measures_actions
from sozialplanung.measures.actions import CostRecord, GapRecord
from sozialplanung.needs import actions as needs_actions
from tests.conftest import TEST
from tests.council.conftest import bodies, offices, v2696  # noqa: F401
from tests.measures.budget_fixtures import build_budget
from tests.measures.plan_fixtures import build_plan
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

SLUG = "teststadt"


@dataclass(frozen=True)
class Export:
    name: str
    fmt: str
    url: str
    params: dict[str, str]

    def __str__(self) -> str:
        return f"{self.name}.{self.fmt}"


@pytest.fixture
def everything(municipality, areas, indicators, categories, offers, providers, users, v2696):
    """Indicator values, gap parameters, a released status letter, a plan with measures
    and gaps, a double budget with grants: every exporter has rows to write."""
    needs_actions.set_category_parameters(
        categories["mittagstisch"],
        richtwert=50.0,
        target_indicator=indicators["einwohner"],
        catchment_m=800,
        acting_user=TEST,
    )
    letter = StatusLetter.objects.create(
        resolution=v2696["resolution"],
        date=dt.date(2024, 10, 8),
        file_reference="GB 5",
        state=StatusLetter.State.RELEASED,
    )
    StatusReport.objects.filter(item__resolution=v2696["resolution"]).update(letter=letter)
    plan = build_plan(municipality, areas, categories, offers["mittag-nord"])
    budget = build_budget(municipality, providers, offers)
    # A measure that closes a gap, so that the allocation has something to choose.
    measures_actions.save_measure(
        budget["field"],
        title="Mittagstisch Süd",
        values={"budget_line": budget["lines"]["3.1"]},
        gaps=[GapRecord(areas["12"], categories["mittagstisch"], Decimal(55))],
        costs=[CostRecord(Decimal(20000), 2025, recurring=True)],
        acting_user=TEST,
    )
    return {"letter": letter, "plan": plan, "budget": budget}


@pytest.fixture
def exports(everything) -> list[Export]:
    letter = everything["letter"]
    plan = everything["plan"]["plan"]
    budget = everything["budget"]["budget"]

    def url(name: str, *args: object, query: dict[str, str] | None = None) -> str:
        return reverse(name, args=[SLUG, *args]) + (f"?{urlencode(query)}" if query else "")

    ranking = {"ebene": "stadtteil", "zeitraum": "2023"}
    gaps = {"kategorie": "mittagstisch"}
    haushalt = {"haushalt": str(budget.pk)}
    allocation = {"haushalt": str(budget.pk), "betrag": "100.000"}
    year = {"art": "J", "jahr": "2025"}
    sozialraum = {"jahr": "2023", "ausgabe": "intern"}
    return [
        Export(
            "indicator-ranking",
            "csv",
            url("areas:indicator_csv", "auslaenderanteil", query=ranking),
            {"indicator": "auslaenderanteil", **ranking},
        ),
        Export("gaps", "csv", url("needs:gaps_csv", query=gaps), gaps),
        Export("gaps", "xlsx", url("needs:gaps_xlsx", query=gaps), gaps),
        Export("overdue", "xlsx", url("council:overdue_xlsx"), {}),
        Export("status-letter", "pdf", url("council:letter_pdf", letter.pk), {"pk": letter.pk}),
        Export("status-letter", "docx", url("council:letter_docx", letter.pk), {"pk": letter.pk}),
        Export(
            "measures-plan", "xlsx", url("measures:plan_xlsx", plan.slug), {"plan_slug": plan.slug}
        ),
        Export(
            "measures-plan", "pdf", url("measures:plan_pdf", plan.slug), {"plan_slug": plan.slug}
        ),
        Export("budget", "xlsx", url("measures:budget_xlsx", query=haushalt), haushalt),
        Export("grants", "xlsx", url("measures:grants_xlsx"), {}),
        Export("allocation", "xlsx", url("measures:allocation_xlsx", query=allocation), allocation),
        Export("allocation", "pdf", url("measures:allocation_pdf", query=allocation), allocation),
        Export("hsds", "zip", url("reports:export", "hsds", "zip"), {}),
        *(
            Export("resolution-control-report", fmt, url(f"control_report:{fmt}", query=year), year)
            for fmt in ("pdf", "docx", "xlsx")
        ),
        *(
            Export(
                "sozialraumbericht",
                fmt,
                url(f"measures:sozialraumbericht_{fmt}", query=sozialraum),
                sozialraum,
            )
            for fmt in ("pdf", "docx")
        ),
        Export(
            "area-profile",
            "pdf",
            url("needs:profile_pdf", "stadtteil", "11"),
            {"level": "stadtteil", "code": "11"},
        ),
    ]


@pytest.fixture
def planner(users):
    return users[Role.SOZIALPLANUNG]
