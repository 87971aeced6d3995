"""Scenarios (issue 18 item 4) on the Teststadt of test_needs.py.

Residents 2023: 1100, 2200, 440, 660 in the Stadtteile 11, 12, 21, 22 (squares of
0.01°, 11 top left, 22 bottom right). Mittagstisch Nord in 11 (200 places a week),
Mittagstisch Süd in 21 (90); Richtwert 50 per 1,000, catchment 800 m.
"""

from __future__ import annotations

import pickle

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sozialplanung.areas import actions as area_actions
from sozialplanung.core.audit import save_audited
from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.needs import actions
from sozialplanung.needs.compute import analyse
from sozialplanung.needs.gap_inputs import load_inputs
from sozialplanung.needs.models import Scenario
from sozialplanung.needs.scenario_actions import PlannedOfferRecord, save_scenario
from sozialplanung.offers.models import Offer
from tests.concurrency import open_form, token_in
from tests.conftest import TEST

from ..offers.conftest import (  # noqa: F401
    categories,
    offers,
    providers,
    target_groups,
)
from .test_needs import params  # noqa: F401

pytestmark = pytest.mark.django_db

# A planned Mittagstisch in the middle of 12 (the square lon 13.71–13.72, lat 51.01–51.02).
PLANNED = (13.715, 51.015, 120.0)


@pytest.fixture
def scenario(params, municipality, areas, offers, indicators):  # noqa: F811
    """Plans a Mittagstisch in 12, closes Mittagstisch Süd, builds 50 dwellings × 2,0
    persons in 22 (half of them counted as target group: +50) and lowers the
    Richtwert to 40."""
    lon, lat, capacity = PLANNED
    return save_scenario(
        municipality,
        values={
            "name": "Neubau Südost",
            "quarter_area": areas["22"],
            "dwellings": 50,
            "household_size": 2.0,
            "target_shares": {"einwohner": 0.5},
            "reference_values": {"mittagstisch": 40.0},
        },
        closed_offers=[offers["mittag-sued"]],
        planned=[
            PlannedOfferRecord(
                category=params.category,
                name="Mittagstisch Nordost",
                longitude=lon,
                latitude=lat,
                weekly_capacity=capacity,
            )
        ],
        acting_user=TEST,
    )


def figures(gap):
    return (
        gap.coverage.supply,
        gap.coverage.target,
        gap.coverage.richtwert,
        gap.accessibility,
        gap.unreached_share,
        gap.score,
        gap.rank,
    )


def test_a_scenario_is_the_analysis_of_the_changed_data(
    scenario,
    params,  # noqa: F811
    municipality,
    areas,
    levels,
    users,
    offers,  # noqa: F811
    providers,  # noqa: F811
    indicators,
):
    planner = users[Role.SOZIALPLANUNG]
    category, level = params.category, levels["stadtteil"]
    today = analyse(municipality, category, planner, level)
    varied = analyse(municipality, category, planner, level, scenario.variation())
    assert varied.gaps[areas["12"].id].coverage.supply == PLANNED[2]
    assert varied.gaps[areas["21"].id].coverage.supply == 0  # Mittagstisch Süd closed
    assert varied.gaps[areas["22"].id].coverage.target == 660 + 50
    assert today.gaps[areas["12"].id].coverage.supply == 0  # today's data unchanged

    # Now really change the data as the scenario says, and analyse without variation.
    lon, lat, capacity = PLANNED
    built = Offer.objects.create(
        municipality=municipality,
        provider=providers["nord"],
        name="Mittagstisch Nordost",
        category=category,
        longitude=lon,
        latitude=lat,
        capacity_amount=capacity,
    )
    built.located_in.add(areas["12"], areas["1"], areas["0"])
    Offer.objects.filter(pk=offers["mittag-sued"].pk).update(status=Offer.Status.CLOSED)
    area_actions.set_indicator_values(
        indicators["einwohner"], {(areas["22"].id, "2023"): 660 + 50}, acting_user=TEST
    )
    actions.set_category_parameters(
        category,
        richtwert=40.0,
        target_indicator=indicators["einwohner"],
        catchment_m=800,
        acting_user=TEST,
    )
    cache.clear()  # the offers were written without the audited actions
    fresh = analyse(municipality, category, planner, level)
    assert fresh.variation is None and set(fresh.gaps) == set(varied.gaps) == set(areas_ids(areas))
    for area_id, gap in fresh.gaps.items():
        assert figures(varied.gaps[area_id]) == pytest.approx(figures(gap)), area_id
    assert varied.params.richtwert == 40.0 and params.richtwert == 50.0


def areas_ids(areas):
    return [a.id for a in areas.values()]


def test_apply_changes_a_copy_and_the_key_follows_the_scenario(
    scenario,
    params,  # noqa: F811
    municipality,
    users,
    offers,  # noqa: F811
):
    planner = users[Role.SOZIALPLANUNG]
    inputs = load_inputs(municipality, params.category, params, planner)
    sites, target = list(inputs.sites), dict(inputs.target)
    variation = scenario.variation()
    changed = variation.apply(inputs, planner)
    assert [s.offer for s in changed.sites if s.offer] == [offers["mittag-nord"]]
    assert inputs.sites == sites and inputs.target == target
    assert inputs.params.richtwert == 50.0
    assert pickle.loads(pickle.dumps(variation)) == variation
    # A saved change of the scenario is a new key: no stale cached result.
    again = save_scenario(
        municipality,
        values={"dwellings": 60},
        closed_offers=[offers["mittag-sued"]],
        scenario=scenario,
        acting_user=TEST,
    )
    assert again.variation().key != variation.key
    assert str(scenario.pk) in variation.key


def test_scenario_page_beside_today_and_a_second_view_computes_nothing(
    scenario,
    params,  # noqa: F811
    municipality,
    client_for,
    areas,
):
    planner = client_for(Role.SOZIALPLANUNG)
    url = f"/{municipality.slug}/bedarf/szenarien/{scenario.pk}/?ebene=stadtteil"
    page = planner.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="scenario-areas"' in text and "Mittagstisch Nordost" in text
    assert text.count('data-changed="1"') == 4  # every Stadtteil changes
    stamp = page.context["varied"].computed_at
    assert planner.get(url).context["varied"].computed_at == stamp
    gaps_page = planner.get(f"/{municipality.slug}/bedarf/luecken/")
    assert 'data-testid="scenario-link"' in gaps_page.content.decode()


def test_form_saves_audited_and_refuses_a_stale_form(
    params,  # noqa: F811
    municipality,
    client_for,
    offers,  # noqa: F811
    areas,
):
    planner = client_for(Role.SOZIALPLANUNG)
    new_url = f"/{municipality.slug}/bedarf/szenarien/neu/"
    form = planner.get(new_url).content.decode()
    post = {
        "version": token_in(form),
        "name": "Zwei Mittagstische",
        "closed_offers": [offers["mittag-nord"].pk],
        "dwellings": "10",
        "household_size": "2,5",
        "quarter_area": areas["12"].pk,
        "share_einwohner": "100",
        "richtwert_mittagstisch": "45,5",
        "geplant-TOTAL_FORMS": "1",
        "geplant-INITIAL_FORMS": "0",
        "geplant-0-category": params.category.pk,
        "geplant-0-name": "Mittagstisch Ost",
        "geplant-0-latitude": "51,015",
        "geplant-0-longitude": "13,715",
        "geplant-0-weekly_capacity": "75",
    }
    response = planner.post(new_url, post)
    assert response.status_code == 302, response.content.decode()
    saved = Scenario.objects.get(name="Zwei Mittagstische")
    assert saved.residents == 25 and saved.target_shares == {"einwohner": 1.0}
    assert saved.reference_values == {"mittagstisch": 45.5}
    assert list(saved.closed_offers.all()) == [offers["mittag-nord"]]
    assert saved.planned_offers.get().weekly_capacity == 75
    trail = AuditEntry.objects.filter(model__in=["needs.Scenario", "needs.PlannedOffer"])
    assert {e.visibility for e in trail} == {Visibility.CONFIDENTIAL} and trail.count() == 2

    edit_url = f"/{municipality.slug}/bedarf/szenarien/{saved.pk}/bearbeiten/"
    stale = open_form(planner, edit_url)
    save_scenario(municipality, values={"dwellings": 99}, scenario=saved, acting_user=TEST)
    refused = planner.post(
        edit_url, post | {"version": stale, "name": "Umbenannt", "geplant-INITIAL_FORMS": "1"}
    )
    assert refused.status_code == 200
    assert 'value="Umbenannt"' in refused.content.decode()  # what the user typed stays
    saved.refresh_from_db()
    assert (saved.name, saved.dwellings) == ("Zwei Mittagstische", 99)


def test_only_the_planning_unit_knows_a_scenario(
    scenario,
    params,  # noqa: F811
    municipality,
    client_for,
    users,
):
    """From the outside, for every role: pages, the measure citing it, every API route."""
    from sozialplanung.measures.actions import save_measure, save_plan
    from sozialplanung.measures.models import Measure
    from sozialplanung.measures.models import Plan as PlanModel

    save_plan(municipality, "plan", title="Plan", fields=["Essen"], acting_user=TEST)
    field = PlanModel.objects.get(slug="plan").fields.get()
    # Cited in a change without a summary (as the demo does): the measure's history, which
    # office and council read, lists the changed fields.
    measure: Measure = save_measure(field, title="Mittagstisch Nordost", acting_user=TEST)
    save_audited(measure, {"scenario": scenario}, acting_user=TEST)
    base = f"/{municipality.slug}/bedarf/szenarien/"
    own = [base, f"{base}neu/", f"{base}{scenario.pk}/", f"{base}{scenario.pk}/bearbeiten/"]
    shared = [
        f"/{municipality.slug}/bedarf/luecken/",
        reverse("measures:measure", args=[municipality.slug, "plan", measure.pk]),
        *api_urls(municipality, scenario.pk),
    ]
    planner = client_for(Role.SOZIALPLANUNG)
    assert scenario.name in planner.get(own[2]).content.decode()
    measure_page = planner.get(shared[1])
    assert measure_page.status_code == 200, shared[1]
    assert 'data-testid="measure-scenario"' in measure_page.content.decode()

    from sozialplanung.core.actions import create_municipality
    from sozialplanung.core.models import User

    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    elsewhere = Client()
    elsewhere.force_login(
        User.objects.create_user(
            username="planer-anderswo", role=Role.SOZIALPLANUNG, municipality=other
        )
    )
    outsiders = {"anonym": Client(), "anderswo": elsewhere} | {
        role: client_for(role) for role in (Role.FACHAMT, Role.TRAEGER, Role.STADTRAT)
    }
    for who, client in outsiders.items():
        for url in own:
            status = client.get(url).status_code
            assert status == (302 if who == "anonym" else 404), (who, url)
        for url in shared:
            text = client.get(url).content.decode()
            assert scenario.name not in text and "scenario-link" not in text, (who, url)


def api_urls(municipality, pk):
    """Every API route once, its parameters filled with the municipality and the scenario's id."""
    import re

    from tests.test_visibility import url_templates

    for template in url_templates():
        if template.startswith("api/"):
            url = re.sub(r"<int:[^>]+>", str(pk), template)
            yield "/" + re.sub(r"<[^>]+>", municipality.slug, url)


def test_the_form_reads_each_area_level_once(params, municipality, client_for, areas):  # noqa: F811
    """The quarter's area choices name their level: joined, not one query per area."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.SOZIALPLANUNG)
    url = f"/{municipality.slug}/bedarf/szenarien/neu/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    levels_alone = [q for q in queries.captured_queries if 'FROM "areas_arealevel"' in q["sql"]]
    assert len(levels_alone) <= 1
