"""The one decorator for municipality pages: 404, login, refusal, then the view."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import (
    internal,
    internal_here,
    logged_in,
    municipality_page,
    page_context,
    planning_unit,
)
from sozialplanung.core.visibility import Role
from tests.conftest import TEST

pytestmark = pytest.mark.django_db
REFUSAL = "Nur für die Sozialplanung."


def _show(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    return HttpResponse(f"{municipality.slug}/{pk}")


def _get(view, user, slug: str = "teststadt") -> HttpResponse:
    request = RequestFactory().get(f"/{slug}/seite/7/?a=1")
    request.user = user
    return view(request, slug=slug, pk=7)


def test_a_public_page_gets_the_municipality_and_the_other_url_arguments(municipality):
    response = _get(municipality_page()(_show), AnonymousUser())
    assert response.content == b"teststadt/7"


def test_an_unknown_municipality_is_a_404_before_anything_else():
    with pytest.raises(Http404):
        _get(municipality_page(planning_unit)(_show), AnonymousUser(), slug="nirgendwo")


def test_the_anonymous_are_sent_to_the_login_with_the_way_back(municipality):
    response = _get(municipality_page(logged_in)(_show), AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == "/anmelden/?next=/teststadt/seite/7/%3Fa%3D1"


def test_outside_the_audience_a_refusal_is_a_403_with_its_reason(users):
    view = municipality_page(planning_unit, refusal=REFUSAL)(_show)
    with pytest.raises(PermissionDenied, match=REFUSAL):
        _get(view, users[Role.FACHAMT])
    assert _get(view, users[Role.SOZIALPLANUNG]).status_code == 200
    assert _get(view, users[Role.ADMIN]).status_code == 200


def test_outside_the_audience_without_refusal_the_page_does_not_exist(users):
    view = municipality_page(internal)(_show)
    with pytest.raises(Http404):
        _get(view, users[Role.TRAEGER])
    assert _get(view, users[Role.STADTRAT]).status_code == 200


def test_internal_here_is_internal_staff_of_this_municipality_and_administrators(users):
    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    own = users[Role.FACHAMT].municipality
    assert internal_here(users[Role.FACHAMT], own)
    assert not internal_here(users[Role.FACHAMT], other)
    assert not internal_here(users[Role.TRAEGER], own)
    assert internal_here(users[Role.ADMIN], other)


def test_the_page_context_says_whether_the_import_link_is_shown(users, municipality):
    request = RequestFactory().get("/")
    request.user = users[Role.SOZIALPLANUNG]
    assert page_context(request, municipality, "map") == {
        "municipality": municipality,
        "nav_active": "map",
        "can_import": True,
    }
    request.user = users[Role.FACHAMT]
    assert page_context(request, municipality, "map")["can_import"] is False
