"""Whole public pages from the cache (core/page_cache.py, issue 17): shared only among
visitors without a login, each with their own CSRF token, renewed by every change."""

from __future__ import annotations

import pytest
from django.test import Client

from sozialplanung.core.audit import Process, save_audited
from sozialplanung.core.models import User
from sozialplanung.core.page_cache import HEADER
from sozialplanung.council.models import Resolution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """Off in the suite (SOZIALPLANUNG_PAGE_CACHE), on here: each Client loads it anew."""
    if settings.PAGE_CACHE_MIDDLEWARE not in settings.MIDDLEWARE:
        axes = settings.MIDDLEWARE.index("axes.middleware.AxesMiddleware")
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[:axes],
            settings.PAGE_CACHE_MIDDLEWARE,
            *settings.MIDDLEWARE[axes:],
        ]


AREA = "/dresden/gebiete/stadtteil/90/"


def test_a_second_visitor_gets_the_kept_page_with_their_own_csrf_token(full_demo):
    assert HEADER not in Client().get(AREA)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(AREA)
    assert page[HEADER] == "hit"
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    # The language switch of the kept page posts with this visitor's token.
    switched = visitor.post("/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en"})
    assert switched.status_code == 302
    # Now with a language cookie: the English page, kept apart from the German one.
    assert 'lang="en"' in visitor.get(AREA).content.decode()


def test_logged_in_readers_never_get_or_leave_a_shared_page(full_demo):
    planner = Client()
    planner.force_login(User.objects.get(username="planung"))
    Client().get(AREA)  # kept for the public
    internal = planner.get(AREA)
    assert HEADER not in internal
    assert 'data-testid="trail"' in internal.content.decode()
    planner.get("/dresden/")  # the planning unit's page first: not kept for the public
    public = Client().get("/dresden/")
    assert HEADER not in public


def test_an_audited_change_renews_the_kept_pages(full_demo):
    resolution = Resolution.objects.filter(
        municipality__slug="dresden", visibility="oeffentlich"
    ).first()
    url = f"/dresden/gremien/beschluesse/{resolution.pk}/"
    Client().get(url)
    assert Client().get(url)[HEADER] == "hit"
    # A council record: no input of analyses, yet its page shows it.
    item = resolution.items.filter(visibility="oeffentlich").first()
    save_audited(item, {"text": "Neu gefasster Beschlusstext"}, acting_user=Process("Test"))
    page = Client().get(url)
    assert HEADER not in page
    assert "Neu gefasster Beschlusstext" in page.content.decode()


@pytest.mark.django_db
def test_a_page_made_from_a_request_header_is_not_shared():
    """The accessibility report names the page the visitor came from (Referer)."""
    came_from = "http://testserver/dresden/karte/?gekommen-von=hier"
    first = Client().get("/rechtliches/barrierefreiheit/meldung/", HTTP_REFERER=came_from)
    assert "gekommen-von=hier" in first.content.decode()
    second = Client().get("/rechtliches/barrierefreiheit/meldung/")
    assert HEADER not in second
    assert "gekommen-von=hier" not in second.content.decode()
