"""The allocation on the Teststadt, by hand, and its page.

Teststadt (tests/conftest.py, tests/offers/conftest.py): residents 2023 = 1100, 2200,
440, 660 in the Stadtteile 11, 12, 21, 22; Mittagstisch supply 200 places a week in 11
and 90 in 21. With a Richtwert of 50 per 1,000 the deficits are 12: 2.2 × 50 = 110
places and 22: 0.66 × 50 = 33 places; 11 and 21 are covered.

Candidates (priority 3, double budget 2025/2026, recurring costs from 2025):
  A: +55 places in 12 → 50 % of that gap, 20 000 € a year
  B: +110 places in 12 → 100 %, 35 000 € a year
  C: +33 places in 22 → 100 %, 10 000 € a year, requires D
  D: kitchen for C, one-off 5 000 € (investive) in 2025, covers nothing itself
  E: +20 places in 11 → nothing: 11 is covered
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.measures import actions
from sozialplanung.measures.actions import CostRecord, GapRecord
from sozialplanung.measures.allocation import plan_allocation
from sozialplanung.measures.allocation_views import parse_amount
from sozialplanung.needs import actions as needs_actions
from sozialplanung.needs.compute import analyse
from tests.conftest import TEST

from ..offers.conftest import (  # noqa: F401
    categories,
    offers,
    providers,
    target_groups,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(municipality, areas, categories, indicators, offers, users):  # noqa: F811
    needs_actions.set_category_parameters(
        categories["mittagstisch"],
        richtwert=50.0,
        target_indicator=indicators["einwohner"],
        catchment_m=800,
        acting_user=TEST,
    )
    plan = actions.save_plan(
        municipality, "konzept", title="Konzept", fields=["Mahlzeiten"], acting_user=TEST
    )
    field = plan.fields.get()
    priority = actions.save_priorities(
        municipality, {1: "Bestand", 3: "Sozialplanerische Bedarfe"}, acting_user=TEST
    )[1]
    budget = actions.save_budget(
        municipality,
        "Doppelhaushalt 2025/2026",
        first_year=2025,
        last_year=2026,
        acting_user=TEST,
    )
    line = actions.save_budget_line(
        budget,
        priority=priority,
        title="Mehrbedarfe",
        amounts={2025: Decimal(0)},
        acting_user=TEST,
    )
    meal = categories["mittagstisch"]

    def measure(title, area, places, cost, *, one_off=False, requires=()):
        gaps = [GapRecord(areas[area], meal, Decimal(places))] if area else []
        return actions.save_measure(
            field,
            title=title,
            values={"budget_line": line},
            gaps=gaps,
            costs=[CostRecord(Decimal(cost), 2025, recurring=not one_off)],
            requires=requires,
            acting_user=TEST,
        )

    d = measure("D Küche", None, 0, 5000, one_off=True)
    made = {
        "A": measure("A Mittagstisch halb", "12", 55, 20000),
        "B": measure("B Mittagstisch ganz", "12", 110, 35000),
        "C": measure("C Mittagstisch Süd", "22", 33, 10000, requires=[d]),
        "D": d,
        "E": measure("E Mittagstisch Nord", "11", 20, 3000),
    }
    # The planner's scores: they include the need reports the public does not see.
    analysis = analyse(municipality, meal, users[Role.SOZIALPLANUNG])
    score = {code: analysis.gaps[areas[code].id].score for code in ("12", "22")}
    return {"budget": budget, "measures": made, "score": score}


def chosen_titles(result):
    return sorted(r.measure.title[0] for r in result.chosen)


def test_deficits_are_the_hand_computed_ones(setup, municipality, areas, categories):  # noqa: F811
    analysis = analyse(municipality, categories["mittagstisch"], None)
    assert analysis.gaps[areas["12"].id].coverage.deficit == pytest.approx(110)
    assert analysis.gaps[areas["22"].id].coverage.deficit == pytest.approx(33)
    assert analysis.gaps[areas["11"].id].coverage.deficit == 0


def test_small_budget_takes_the_half_measure_and_the_south(setup, users):
    s12, s22 = setup["score"]["12"], setup["score"]["22"]
    # 30 000 a year: A + C (20 000 + 10 000; D's 5 000 only in 2025 → 35 000 > 30 000!)
    # so in 2025 C+D cost 15 000: A + C + D = 35 000 does not fit; options that fit:
    # A (20 000) alone = 0.5·s12; C + D (15 000 / 10 000) = s22; A + E nothing more.
    result = plan_allocation(setup["budget"], 30_000, users[Role.SOZIALPLANUNG])
    best = max(0.5 * s12, s22)
    assert result.allocation.total_value == pytest.approx(best)
    expected = ["A"] if 0.5 * s12 > s22 else ["C", "D"]
    assert chosen_titles(result) == expected


def test_enough_budget_closes_both_gaps_and_skips_the_useless(setup, users):
    s12, s22 = setup["score"]["12"], setup["score"]["22"]
    # B + C + D: 35 000 + 10 000 + 5 000 = 50 000 in 2025, 45 000 in 2026.
    result = plan_allocation(setup["budget"], 50_000, users[Role.SOZIALPLANUNG])
    assert chosen_titles(result) == ["B", "C", "D"]
    assert result.allocation.total_value == pytest.approx(s12 + s22)
    assert result.allocation.cost == (50_000, 45_000)
    rows = {r.measure.title[0]: r for r in result.rows}
    assert rows["D"].decision.reason == "required_by"
    assert "C Mittagstisch Süd" in rows["D"].explanation
    assert rows["E"].decision.reason == "no_need_covered"
    assert rows["A"].decision.reason == "nothing_left_to_cover"
    assert "100 % der Lücke Mittagstisch in Nordost" in rows["B"].explanation
    # 10 000 € less: B + C + D no longer fits in 2025 (50 000 > 40 000).
    assert result.increment is not None and result.increment.added == ()


def test_next_ten_thousand_names_what_it_would_add(setup, users):
    result = plan_allocation(setup["budget"], 40_000, users[Role.SOZIALPLANUNG])
    # 40 000: B alone (35 000) or A + C + D (35 000 / 30 000): s12 vs 0.5·s12 + s22.
    # 50 000 buys B + C + D, so the next 10 000 € add what completes both gaps.
    assert result.increment.allocation.total_value == pytest.approx(
        setup["score"]["12"] + setup["score"]["22"]
    )
    assert result.increment.gain > 0
    assert "10.000" in result.increment_text or "10,000" in result.increment_text


def test_mandatory_measure_over_budget_is_explained(setup, users):
    b = setup["measures"]["B"]
    actions.save_measure(
        b.field_of_action, title=b.title, values={"mandatory": True}, acting_user=TEST
    )
    result = plan_allocation(setup["budget"], 20_000, users[Role.SOZIALPLANUNG])
    assert not result.allocation.feasible
    assert "B Mittagstisch ganz" in result.message


@pytest.mark.parametrize(
    ("typed", "value"),
    [("250.000", 250_000), ("250 000 €", 250_000), ("250000,50", 250_000.5), ("1.5", 1.5)],
)
def test_amounts_as_offices_write_them(typed, value):
    assert parse_amount(typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["zweihundert", "-5", "1e99"])
def test_bad_amounts_are_refused(typed):
    with pytest.raises(ValueError, match=r"not an amount|kein Betrag"):
        parse_amount(typed)


def test_page_for_planner_shows_choices_and_keeps_a_bad_amount(setup, client_for):
    client = client_for(Role.SOZIALPLANUNG)
    page = client.get("/teststadt/massnahmen/verteilung/?betrag=50.000")
    assert page.status_code == 200
    html = page.content.decode()
    chosen = html[html.index('data-testid="chosen"') : html.index('data-testid="unchosen"')]
    assert "B Mittagstisch ganz" in chosen and "E Mittagstisch Nord" not in chosen
    bad = client.get("/teststadt/massnahmen/verteilung/?betrag=viel")
    assert bad.status_code == 200
    assert 'value="viel"' in bad.content.decode() and 'id="betrag-fehler"' in bad.content.decode()
    assert 'data-testid="chosen"' not in bad.content.decode()
    book = load_workbook(
        io.BytesIO(client.get("/teststadt/massnahmen/verteilung/xlsx?betrag=50000").content)
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert ("ja", "B Mittagstisch ganz", 3, 35000, 35000) in [r[:5] for r in rows]
    pdf = client.get("/teststadt/massnahmen/verteilung/pdf?betrag=50000")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "B Mittagstisch ganz" in text and "E Mittagstisch Nord" in text
    assert text.index("B Mittagstisch ganz") < text.index("E Mittagstisch Nord")
    assert "50.000" in text


@pytest.mark.parametrize("role", [None, Role.TRAEGER])
def test_public_and_providers_get_no_allocation(setup, client, client_for, role):
    c = client if role is None else client_for(role)
    base = "/teststadt/massnahmen/verteilung/"
    for url in (base, base + "xlsx", base + "pdf"):
        response = c.get(url)
        assert response.status_code == (302 if role is None else 404)
        assert b"Mittagstisch ganz" not in response.content


def test_a_secret_requirement_is_not_named(setup, users):
    d = setup["measures"]["D"]
    actions.save_measure(
        d.field_of_action,
        title=d.title,
        values={"visibility": Visibility.CONFIDENTIAL},
        acting_user=TEST,
    )
    # The Fachamt may not read confidential records: D is no candidate for it, and C,
    # which requires D, is left out with a note that does not name D.
    result = plan_allocation(setup["budget"], 50_000, users[Role.FACHAMT])
    titles = [r.measure.title for r in result.rows]
    assert "D Küche" not in titles and "C Mittagstisch Süd" not in titles
    notes = " ".join(result.notes)
    assert "C Mittagstisch Süd" in notes and "D Küche" not in notes
    assert "D Küche" not in " ".join(r.explanation for r in result.rows)
