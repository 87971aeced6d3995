"""The measures demo of Dresden: the plans of V2927/19 and V2696/24, budget, grants.

The whole demo is loaded once for the module (inside a transaction rolled back at the
end), since the measures need the council's resolutions, the example offers and the
Richtwerte of the needs demo.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sozialplanung.analysis.budget import Cost, cost_in_year
from sozialplanung.core.models import AuditEntry, Municipality
from sozialplanung.core.visibility import Visibility
from sozialplanung.demo import measures as measures_demo
from sozialplanung.measures.models import (
    BudgetAmount,
    BudgetLine,
    BudgetPriority,
    DoubleBudget,
    FieldOfAction,
    Forecast,
    ForecastYear,
    FundingGuideline,
    Grant,
    IndexingScenario,
    KeyFigure,
    KeyFigureValue,
    Measure,
    MeasureCost,
    MeasureGap,
    MeasureOffer,
    MeasureUpdate,
    Plan,
)
from sozialplanung.needs.compute import analyse

pytestmark = pytest.mark.django_db

ASYL = "fachplan-asyl-2022"
KONZEPT = "fachkonzept-sonstige-soziale-angebote"
MODELS = [
    Plan, FieldOfAction, Measure, MeasureUpdate, MeasureGap, MeasureOffer, MeasureCost,
    KeyFigure, KeyFigureValue, BudgetPriority, DoubleBudget, BudgetLine, BudgetAmount,
    FundingGuideline, Grant, IndexingScenario, Forecast, ForecastYear,
]  # fmt: skip


@pytest.fixture
def demo(full_demo):
    """The whole demo, loaded once for all tests that read it (tests/plugins/demo_once.py)."""
    return full_demo


def measures(slug: str):
    return Measure.objects.filter(field_of_action__plan__slug=slug)


def yearly_cost(measure: Measure, year: int) -> Decimal:
    costs = [Cost(c.amount, c.year, c.recurring, c.end_year) for c in measure.costs.all()]
    return cost_in_year(costs, year)


def test_without_dresden_nothing_is_loaded(demo):
    Municipality.objects.filter(slug="dresden").update(slug="nicht-dresden")
    before = {model: model.objects.count() for model in MODELS}
    lines: list[str] = []
    measures_demo.load(lines.append)
    assert lines == []
    assert {model: model.objects.count() for model in MODELS} == before


def test_both_plans_with_their_fields_of_action(demo):
    asyl = Plan.objects.get(municipality__slug="dresden", slug=ASYL)
    assert asyl.title == "Fachplan Asyl und Integration 2022"
    assert asyl.resolution.paper.reference == "V2927/19"
    assert [f.name for f in asyl.fields.order_by("order")] == [
        "Migrationssozialarbeit (MSA)",
        "Bürgerschaftliches Engagement",
        "Wohnen und Unterbringung",
        "Gesundheit",
    ]
    konzept = Plan.objects.get(municipality__slug="dresden", slug=KONZEPT)
    assert konzept.title.startswith("Fachkonzept sonstiger sozialer Angebote für Dresden")
    assert konzept.resolution.paper.reference == "V2696/24"
    assert [f.name for f in konzept.fields.order_by("order")] == measures_demo.FIELDS
    assert Plan.objects.visible_to(None).filter(slug__in=[ASYL, KONZEPT]).count() == 2
    assert any(line.startswith("Dresden: Maßnahmen und Haushalt … 2 Pläne") for line in demo)


def test_msa_measures_answer_item_2_of_v2927_with_the_letters_status(demo):
    msa = measures(ASYL).filter(field_of_action__name="Migrationssozialarbeit (MSA)")
    assert msa.count() == 4
    for measure in measures(ASYL):
        assert [(i.resolution.paper.reference, i.number) for i in measure.resolution_items.all()] == [
            ("V2927/19", "2")
        ]  # fmt: skip
        update = measure.updates.get()
        assert update.date == dt.date(2019, 11, 13)
        assert update.status == measure.status and update.note
        assert measure.responsible_office is not None
    tender = msa.get(number="1.1")
    assert tender.status == Measure.Status.DONE and tender.due_quarter == "2019-Q3"
    assert "vier freien Trägern" in tender.updates.get().note
    assert tender.responsible_office.name == "Sozialamt"
    assert measures(ASYL).get(title__contains="Gesundheitskarte").status == "in_umsetzung"
    assert measures(ASYL).get(title__contains="Überkapazitäten").status == "geplant"
    engagement = measures(ASYL).get(number="2.2").costs.get()
    assert engagement.source == "land" and "SächsKomPauschVO" in engagement.label


def test_key_figure_440_to_507(demo):
    figure = KeyFigure.objects.get(
        measure__field_of_action__plan__slug=ASYL, name="Geflüchtete in selbst angemietetem Wohnraum"
    )  # fmt: skip
    assert (figure.baseline, figure.baseline_date) == (Decimal(440), dt.date(2019, 1, 31))
    assert [(v.date, v.value) for v in figure.values.all()] == [
        (dt.date(2019, 9, 30), Decimal(507))
    ]
    assert figure.target is None
    assert figure.source == "Beschlusskontrolle zu V2927/19 vom 13.11.2019"


def test_accommodation_is_planned_against_700_first_assignments(demo):
    forecast = Forecast.objects.get(
        municipality__slug="dresden", name="Erstzuweisungen Geflüchteter"
    )
    assert forecast.years.get(year=2019).demand == 700
    assert {m.number for m in forecast.measures.all()} == {"3.1", "3.2"}
    assert forecast.measures.get(number="3.2").capacity < 0


def test_meal_measures_answer_item_3_of_v2696_in_priority_3(demo):
    meals = measures(KONZEPT).filter(field_of_action__name="Mahlzeitenangebote")
    assert sorted(m.title for m in meals) == [
        "Mittagstisch im Sozialbezirk Cotta",
        "Mittagstisch im Sozialbezirk Leuben",
        "Mittagstisch im Sozialbezirk Plauen",
    ]
    forecast = Forecast.objects.get(name=measures_demo.MEAL_FORECAST)
    for meal in meals:
        items = [(i.resolution.paper.reference, i.number) for i in meal.resolution_items.all()]
        assert items == [("V2696/24", "3")]
        priority = meal.budget_line.priority
        assert (priority.number, priority.name) == (3, "Sozialplanerische Bedarfe")
        assert meal.budget_line.budget.name == "Doppelhaushalt 2025/2026"
        district = meal.title.rsplit(" ", 1)[1]
        gaps = list(meal.gaps.select_related("area__parent", "category"))
        assert gaps and all(g.category.slug == "mittagstisch" for g in gaps)
        assert all(g.area.parent.name.startswith(district) for g in gaps)
        assert meal.capacity == sum(g.added_capacity for g in gaps)
        assert meal.forecast == forecast
        assert 18_000 <= yearly_cost(meal, 2026) <= 45_000
        assert meal.updates.get().date == dt.date(2024, 10, 8)
        # Key figure: seats a week where it serves, from today's supply to the Richtwert.
        figure = meal.key_figures.get()
        analysis = analyse(meal.plan.municipality, gaps[0].category, None).gaps
        coverage = [analysis[g.area_id].coverage for g in gaps]
        assert figure.baseline == round(sum(c.supply for c in coverage))
        assert figure.target == round(sum(c.required for c in coverage))
        assert figure.baseline < figure.target and figure.values.count() == 0
    # The forecast's demand is the Richtwert requirement of the Stadtteile served.
    years = forecast.years.all()
    assert [y.year for y in years] == [2025, 2026, 2027, 2028]
    assert years[0].demand > sum(m.capacity for m in meals) > 0
    jobcenter = measures(KONZEPT).get(field_of_action__name="Öffentlich geförderte Beschäftigung")
    assert jobcenter.status == "in_umsetzung"
    assert [i.number for i in jobcenter.resolution_items.all()] == ["2"]


def test_every_answered_gap_is_a_gap_of_the_demo(demo):
    dresden = Municipality.objects.get(slug="dresden")
    analyses = {}
    for gap in MeasureGap.objects.filter(measure__field_of_action__plan__slug=KONZEPT):
        if gap.category_id not in analyses:
            analyses[gap.category_id] = analyse(dresden, gap.category, None).gaps
        deficit = analyses[gap.category_id][gap.area_id].coverage.deficit
        assert deficit >= float(gap.added_capacity) > 0, (gap.area.name, gap.category.slug)


def test_candidates_make_a_real_allocation_question(demo):
    budget = DoubleBudget.objects.get(municipality__slug="dresden", name="Doppelhaushalt 2025/2026")
    assert (budget.first_year, budget.last_year, budget.visibility) == (
        2025,
        2026,
        Visibility.NON_PUBLIC,
    )
    candidates = Measure.objects.filter(
        budget_line__budget=budget, budget_line__priority__number__gte=2, status="geplant"
    )
    assert 13 <= candidates.count() <= 17
    assert {c.budget_line.priority.number for c in candidates} == {2, 3}
    per_year = [sum(yearly_cost(c, year) for c in candidates) for year in (2025, 2026)]
    # About twice an extra 250 000 € a year.
    assert all(400_000 <= total <= 700_000 for total in per_year), per_year
    costs = sorted(yearly_cost(c, 2026) for c in candidates)
    assert costs[0] < 10_000 and costs[-1] > 70_000
    assert candidates.filter(mandatory=True).count() == 1
    tafel = candidates.get(requires__isnull=False)
    assert tafel.requires.get().costs.filter(nature="investiv").exists()


def test_budget_lines_and_grants(demo):
    dresden = Municipality.objects.get(slug="dresden")
    names = dict(dresden.budget_priorities.values_list("number", "name"))
    assert names == measures_demo.PRIORITIES
    grants = Grant.objects.filter(provider__municipality=dresden)
    assert 8 * 8 <= grants.count() <= 12 * 8
    assert (
        grants.get(year=2019, offer__external_id="beispiel-dresden:angebot-104").granted == 61_000
    )
    for grant in grants:
        assert grant.applied >= grant.granted
        assert grant.provider.is_example and grant.guideline.short_name == "FFRL Soziales"
        assert Decimal("0.7") <= grant.personnel_share <= Decimal("0.85")
        assert (grant.paid is None) == (grant.year == 2026)
        if grant.year >= 2025:
            assert grant.budget_line.priority.number == 1
    # Years of stagnation: every offer got the same grant from 2019 to 2026.
    for offer_id in grants.values_list("offer", flat=True).distinct():
        assert grants.filter(offer=offer_id).values("granted").distinct().count() == 1
    scenarios = IndexingScenario.objects.filter(municipality=dresden)
    assert scenarios.get(name__startswith="Tarif 2025").personnel_rate == Decimal("3.5")
    assert scenarios.count() == 2


def test_every_example_record_is_labelled(demo):
    example = measures_demo.EXAMPLES
    for plan in Plan.objects.filter(slug__in=[ASYL, KONZEPT]):
        assert example in plan.description
    for measure in measures(KONZEPT).exclude(field_of_action__name__in=["Mahlzeitenangebote"]):
        assert "Beispiel" in measure.description or measure.number == "5.1", measure
    assert all(example in m.description for m in measures(KONZEPT).filter(number__startswith="1."))
    for cost in MeasureCost.objects.filter(
        measure__field_of_action__plan__slug__in=[ASYL, KONZEPT]
    ):
        assert measures_demo.EXAMPLE in cost.label
    for measure in Measure.objects.filter(costs__isnull=False).distinct():
        assert example in measure.description or measures_demo.INVENTED in measure.description
    for line in BudgetLine.objects.filter(budget__municipality__slug="dresden"):
        assert example in line.title
    for forecast in Forecast.objects.filter(municipality__slug="dresden"):
        assert example in forecast.source
    for scenario in IndexingScenario.objects.filter(municipality__slug="dresden"):
        assert "Beispiel" in scenario.note


def test_a_second_run_changes_nothing(demo):
    before = {model: model.objects.count() for model in MODELS}
    trail = AuditEntry.objects.count()
    lines: list[str] = []
    measures_demo.load(lines.append)
    assert {model: model.objects.count() for model in MODELS} == before
    assert AuditEntry.objects.count() == trail
    assert lines[-1].endswith("; 0 Einträge im Änderungsprotokoll")
