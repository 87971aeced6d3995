# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""No lost updates on measures (issue 13, finding 3): two people open the same form,
the first saves, the second saves the older form and is refused with a message that
names who changed what; what the second typed stays in the form."""

from __future__ import annotations

import pytest
from django.test import Client

from sozialplanung.core.models import User
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.measures.models import Measure, MeasureUpdate
from tests.concurrency import open_form, post_fresh, token_in
from tests.measures.plan_fixtures import build_plan, office_users
from tests.measures.test_measure_forms import PLAN, edit_data
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(municipality, areas, categories, offers):
    return build_plan(municipality, areas, categories, offers["mittag-nord"])


@pytest.fixture
def second_planner(municipality) -> Client:
    user = User.objects.create_user(
        "planung-zwei",
        password="test-passwort-123",
        role=Role.SOZIALPLANUNG,
        municipality=municipality,
    )
    client = Client()
    client.force_login(user)
    return client


def test_an_older_measure_form_cannot_make_a_confidential_measure_public(
    plan, client_for, second_planner
):
    advice = plan["advice"]
    url = f"{PLAN}/{advice.pk}/bearbeiten/"
    first = client_for(Role.SOZIALPLANUNG)
    first_token, second_token = open_form(first, url), open_form(second_planner, url)
    saved = first.post(
        url, edit_data(advice, visibility=Visibility.CONFIDENTIAL) | {"version": first_token}
    )
    assert saved.status_code == 302

    typed = edit_data(advice, title="Beratung im Quartier Süd")  # still "öffentlich"
    refused = second_planner.post(url, typed | {"version": second_token})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Dieser Datensatz wurde inzwischen von sozialplanung-test am" in page
    assert "Ihre Eingaben sind noch nicht gespeichert." in page
    assert "Sichtbarkeit (öffentlich → vertraulich)" in page
    assert 'value="Beratung im Quartier Süd"' in page  # what was typed is kept
    # What was left untouched shows what the other saved (no errors from taking it over).
    assert '<option value="vertraulich" selected>' in page and "aria-invalid" not in page
    advice.refresh_from_db()
    assert advice.visibility == Visibility.CONFIDENTIAL
    assert advice.title == "Beratung im Quartier"

    # Saving the form as shown again is a decision on the current version: it goes through.
    reviewed = edit_data(advice, title="Beratung im Quartier Süd")  # now "vertraulich"
    again = second_planner.post(url, reviewed | {"version": token_in(page)})
    assert again.status_code == 302
    advice.refresh_from_db()
    assert (advice.title, advice.visibility) == (
        "Beratung im Quartier Süd",
        Visibility.CONFIDENTIAL,
    )


def test_a_form_without_or_with_a_changed_token_is_not_saved(plan, client_for):
    advice = plan["advice"]
    url = f"{PLAN}/{advice.pk}/bearbeiten/"
    planner = client_for(Role.SOZIALPLANUNG)
    token = open_form(planner, url)
    for version in ("", token[:-2] + "xx"):
        response = planner.post(url, edit_data(advice, title="Ohne Version") | {"version": version})
        assert response.status_code == 200
        assert "Ihre Eingaben sind noch nicht gespeichert." in response.content.decode()
    advice.refresh_from_db()
    assert advice.title == "Beratung im Quartier"


def test_an_older_status_form_does_not_overwrite_a_newer_status(plan, municipality):
    housing = plan["housing"]
    url = f"{PLAN}/{housing.pk}/status/"
    # Two sessions of the responsible office (two colleagues sharing the office's work).
    first, second = Client(), Client()
    sozialamt = office_users(municipality)["Sozialamt"]
    first.force_login(sozialamt)
    second.force_login(sozialamt)
    first_token, second_token = open_form(first, url), open_form(second, url)
    done = {"date": "15.01.2025", "status": "umgesetzt", "note": "Alle Wohnungen bezogen."}
    assert first.post(url, done | {"version": first_token}).status_code == 302

    late = {"date": "15.01.2025", "status": "verzoegert", "note": "Bauverzug."}
    refused = second.post(url, late | {"version": second_token})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Status (in der Umsetzung → umgesetzt)" in page
    assert "Bauverzug." in page
    housing.refresh_from_db()
    assert housing.status == Measure.Status.DONE
    assert not MeasureUpdate.objects.filter(measure=housing, note="Bauverzug.").exists()


def test_an_unraced_save_needs_no_second_try(plan, client_for):
    advice = plan["advice"]
    url = f"{PLAN}/{advice.pk}/bearbeiten/"
    response = post_fresh(client_for(Role.SOZIALPLANUNG), url, edit_data(advice, number="1.7"))
    assert response.status_code == 302
