# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""The planning unit's measure form (create, edit) and the actual-value form of a key
figure for the responsible office."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.measures.models import KeyFigureValue, Measure, MeasureCost
from tests.concurrency import post_fresh
from tests.measures.plan_fixtures import build_plan, office_users
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.django_db

PLAN = "/teststadt/massnahmen/fachplan-asyl"


@pytest.fixture
def plan(municipality, areas, categories, offers):
    return build_plan(municipality, areas, categories, offers["mittag-nord"])


@pytest.fixture
def office_clients(municipality, plan):
    clients = {}
    for office, user in office_users(municipality).items():
        client = Client()
        client.force_login(user)
        clients[office] = client
    return clients


def form_data(plan, **changes):
    data = {
        "field_of_action": plan["housing"].field_of_action_id,
        "number": "1.3",
        "title": "Sprachcafé im Stadtteil",
        "description": "Ein offenes Sprachcafé.",
        "responsible_office": plan["sozialamt"].pk,
        "start_quarter": "2026-Q1",
        "due_quarter": "IV/2026",
        "status": Measure.Status.PLANNED,
        "visibility": Visibility.PUBLIC,
        "resolution_items": [plan["item"].pk],
        "recurring_amount": "1.500",
        "recurring_from": "2026",
        "one_off_amount": "",
        "one_off_year": "",
        "nature": "konsumtiv",
    }
    return data | changes


def edit_data(measure, **changes):
    data = {
        "field_of_action": measure.field_of_action_id,
        "number": measure.number,
        "title": measure.title,
        "description": measure.description,
        "responsible_office": measure.responsible_office_id or "",
        "start_quarter": measure.start_quarter,
        "due_quarter": measure.due_quarter,
        "visibility": measure.visibility,
        "budget_line": measure.budget_line_id or "",
        "resolution_items": list(measure.resolution_items.values_list("pk", flat=True)),
        "nature": "konsumtiv",
    }
    if measure.mandatory:
        data["mandatory"] = "on"
    return data | changes


def test_planner_creates_a_measure(plan, client_for):
    planner = client_for(Role.SOZIALPLANUNG)
    page = planner.get(f"{PLAN}/").content.decode()
    assert f'href="{PLAN}/neu/"' in page
    assert planner.get(f"{PLAN}/neu/").status_code == 200
    response = planner.post(f"{PLAN}/neu/", form_data(plan))
    created = Measure.objects.get(title="Sprachcafé im Stadtteil")
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}/{created.pk}/"
    assert created.number == "1.3"
    assert (created.start_quarter, created.due_quarter) == ("2026-Q1", "2026-Q4")
    assert list(created.resolution_items.all()) == [plan["item"]]
    cost = created.costs.get()
    assert (cost.amount, cost.year, cost.recurring) == (Decimal("1500"), 2026, True)
    assert "Sprachcafé im Stadtteil" in Client().get(f"{PLAN}/").content.decode()
    entry = AuditEntry.objects.get(model="measures.Measure", object_id=str(created.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.user is not None


def test_a_taken_number_is_an_error_not_an_overwrite(plan, client_for):
    response = client_for(Role.SOZIALPLANUNG).post(f"{PLAN}/neu/", form_data(plan, number="1.1"))
    # Shown again with the error (a saved form would redirect).
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert Measure.objects.get(number="1.1").title == "Wohnungen für Geflüchtete"


def test_planner_edits_title_and_quarters(plan, client_for):
    planner = client_for(Role.SOZIALPLANUNG)
    advice = plan["advice"]
    page = planner.get(f"{PLAN}/{advice.pk}/").content.decode()
    assert f'href="{PLAN}/{advice.pk}/bearbeiten/"' in page
    count = Measure.objects.count()
    response = post_fresh(
        planner,
        f"{PLAN}/{advice.pk}/bearbeiten/",
        edit_data(advice, title="Beratung im Stadtteil", start_quarter="III/2025"),
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.title == "Beratung im Stadtteil"
    assert advice.start_quarter == "2025-Q3" and advice.due_quarter == "2031-Q2"
    assert Measure.objects.count() == count


def test_edit_with_number_and_title_changed_keeps_the_measure(plan, client_for):
    advice = plan["advice"]
    response = post_fresh(
        client_for(Role.SOZIALPLANUNG),
        f"{PLAN}/{advice.pk}/bearbeiten/",
        edit_data(advice, number="1.9", title="Neu"),
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert (advice.number, advice.title) == ("1.9", "Neu")


def test_a_measure_without_number_can_be_renamed(plan, client_for):
    advice = plan["advice"]
    Measure.objects.filter(pk=advice.pk).update(number="")
    advice.refresh_from_db()
    count = Measure.objects.count()
    response = post_fresh(
        client_for(Role.SOZIALPLANUNG),
        f"{PLAN}/{advice.pk}/bearbeiten/",
        edit_data(advice, title="Ohne Nummer umbenannt"),
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.title == "Ohne Nummer umbenannt" and Measure.objects.count() == count


def test_complex_costs_stay_unless_replaced(plan, client_for):
    planner = client_for(Role.SOZIALPLANUNG)
    housing = plan["housing"]
    url = f"{PLAN}/{housing.pk}/bearbeiten/"
    assert 'data-testid="complex-costs"' in planner.get(url).content.decode()
    assert post_fresh(planner, url, edit_data(housing, description="Neu.")).status_code == 302
    assert housing.costs.count() == 2
    typed = edit_data(housing, one_off_amount="5.000", one_off_year="2027")
    assert post_fresh(planner, url, typed).status_code == 200
    assert housing.costs.count() == 2
    response = post_fresh(planner, url, typed | {"replace_costs": "on"})
    assert response.status_code == 302
    cost = MeasureCost.objects.get(measure=housing)
    assert (cost.amount, cost.year, cost.recurring) == (Decimal("5000"), 2027, False)


def test_bad_quarter_keeps_input_and_changes_nothing(plan, client_for):
    advice = plan["advice"]
    response = client_for(Role.SOZIALPLANUNG).post(
        f"{PLAN}/{advice.pk}/bearbeiten/",
        edit_data(advice, title="Geändert", due_quarter="Sommer 2031"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Sommer 2031"' in page and 'value="Geändert"' in page
    assert "is not a quarter" in page or "ist kein Quartal" in page
    advice.refresh_from_db()
    assert advice.title == "Beratung im Quartier" and advice.due_quarter == "2031-Q2"


@pytest.mark.parametrize("role", [Role.FACHAMT, Role.TRAEGER, Role.STADTRAT])
def test_other_roles_may_not_create_or_edit(plan, client_for, role):
    client = client_for(role)
    housing = plan["housing"]
    assert 'data-testid="create-link"' not in client.get(f"{PLAN}/").content.decode()
    assert client.get(f"{PLAN}/neu/").status_code == 403
    assert client.post(f"{PLAN}/neu/", form_data(plan)).status_code == 403
    assert client.post(f"{PLAN}/{housing.pk}/bearbeiten/", edit_data(housing)).status_code == 403
    assert not Measure.objects.filter(title="Sprachcafé im Stadtteil").exists()


def test_the_public_is_sent_to_login_or_gets_404(plan):
    public = Client()
    assert public.get(f"{PLAN}/neu/").status_code == 302
    assert public.get(f"{PLAN}/{plan['housing'].pk}/bearbeiten/").status_code == 302
    assert public.get(f"{PLAN}/{plan['secret'].pk}/bearbeiten/").status_code == 404
    assert (
        'data-testid="edit-link"'
        not in public.get(f"{PLAN}/{plan['housing'].pk}/").content.decode()
    )


def test_responsible_office_records_an_actual_value(plan, office_clients):
    housing = plan["housing"]
    figure = housing.key_figures.get()
    client = office_clients["Sozialamt"]
    url = f"{PLAN}/{housing.pk}/kennzahl/{figure.pk}/istwert/"
    assert url in client.get(f"{PLAN}/{housing.pk}/").content.decode()
    assert client.get(url).status_code == 200
    day = dt.date.today() - dt.timedelta(days=1)
    response = client.post(url, {"date": day.strftime("%d.%m.%Y"), "value": "1.234,5"})
    assert response.status_code == 302
    values = dict(KeyFigureValue.objects.filter(key_figure=figure).values_list("date", "value"))
    assert values[day] == Decimal("1234.5")
    assert values[dt.date(2024, 12, 31)] == Decimal("507")
    assert len(values) == 3
    # Audited under the office user's own account.
    entry = AuditEntry.objects.filter(model="measures.KeyFigureValue").latest("id")
    assert entry.user is not None and entry.user.role == Role.FACHAMT
    # …and shown in the measure's change history.
    assert f"Istwert von {figure.name}" in client.get(f"{PLAN}/{housing.pk}/").content.decode()


def test_bad_value_keeps_input(plan, office_clients):
    housing = plan["housing"]
    figure = housing.key_figures.get()
    url = f"{PLAN}/{housing.pk}/kennzahl/{figure.pk}/istwert/"
    response = office_clients["Sozialamt"].post(url, {"date": "01.01.2025", "value": "viel"})
    assert response.status_code == 200
    assert 'value="viel"' in response.content.decode()
    assert KeyFigureValue.objects.filter(key_figure=figure).count() == 2


def test_another_office_may_not_record_an_actual_value(plan, office_clients, client_for):
    housing = plan["housing"]
    figure = housing.key_figures.get()
    url = f"{PLAN}/{housing.pk}/kennzahl/{figure.pk}/istwert/"
    data = {"date": "01.01.2025", "value": "999"}
    assert office_clients["Jugendamt"].post(url, data).status_code == 403
    assert client_for(Role.STADTRAT).post(url, data).status_code == 403
    assert Client().post(url, data).status_code == 302
    assert KeyFigureValue.objects.filter(key_figure=figure).count() == 2
