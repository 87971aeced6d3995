"""No lost updates on the parameter page (issue 13, finding 3): a reference value or the
weights saved from an older page are refused with what changed; the typed text stays."""

from __future__ import annotations

import pytest
from django.test import Client

from sozialplanung.core.models import User
from sozialplanung.core.visibility import Role
from sozialplanung.needs.models import CategoryParameters, GapSettings

from ..concurrency import token_after
from ..offers.conftest import categories, offers, providers, target_groups  # noqa: F401
from .test_needs import params  # noqa: F401

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "coverage": "1",
    "accessibility": "1",
    "reports": "1",
    "index": "1",
    "size": "1",
    "growth": "1",
    "reports_saturation": "1",
    "size_reference": "1000",
    "growth_saturation": "0,2",
}


@pytest.fixture
def two_planners(municipality, client_for) -> tuple[Client, Client]:
    other = User.objects.create_user(
        "planung-zwei",
        password="test-passwort-123",
        role=Role.SOZIALPLANUNG,
        municipality=municipality,
    )
    second = Client()
    second.force_login(other)
    return client_for(Role.SOZIALPLANUNG), second


def test_an_older_page_does_not_overwrite_a_reference_value(
    params,  # noqa: F811
    municipality,
    two_planners,
):
    url = f"/{municipality.slug}/bedarf/parameter/"
    first, second = two_planners
    marker = f'name="category" value="{params.pk}"'
    first_token = token_after(first.get(url).content.decode(), marker)
    second_token = token_after(second.get(url).content.decode(), marker)
    row = {"category": params.pk, "catchment_m": "600"}
    assert first.post(url, row | {"richtwert": "2,5", "version": first_token}).status_code == 302

    refused = second.post(url, row | {"richtwert": "3,75", "version": second_token})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Dieser Datensatz wurde inzwischen von sozialplanung-test am" in page
    assert "Richtwert" in page and "→ 2,5)" in page
    assert 'value="3,75"' in page
    params.refresh_from_db()
    assert params.richtwert == 2.5

    again = second.post(url, row | {"richtwert": "3,75", "version": token_after(page, marker)})
    assert again.status_code == 302
    assert CategoryParameters.objects.get(pk=params.pk).richtwert == 3.75


def test_an_older_page_does_not_overwrite_the_weights(municipality, two_planners):
    url = f"/{municipality.slug}/bedarf/parameter/"
    first, second = two_planners
    marker = 'id="w-coverage"'
    tokens = [token_after(c.get(url).content.decode(), "Gewichte") for c in two_planners]
    saved = first.post(url, WEIGHTS | {"coverage": "2", "version": tokens[0]})
    assert saved.status_code == 302

    refused = second.post(url, WEIGHTS | {"reports": "5", "version": tokens[1]})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Ihre Eingaben sind noch nicht gespeichert." in page
    assert marker in page and 'id="w-reports" name="reports" value="5"' in page
    weights = GapSettings.objects.get(municipality=municipality)
    assert (weights.coverage, weights.reports) == (2.0, 1.0)
