"""Analyses computed once per data version and clearance (core/computed.py, issue 17).

Teststadt as in test_needs.py: Mittagstisch Nord in 11 has 40 × 5 = 200 places a week,
a need report for 11 counts 26 people.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sozialplanung.core.computed import PUBLIC, clearance
from sozialplanung.core.visibility import Role
from sozialplanung.needs.compute import analyse
from sozialplanung.needs.tasks import recompute_analyses
from sozialplanung.offers.actions import save_offer
from tests.conftest import TEST

from ..offers.conftest import (  # noqa: F401
    categories,
    offers,
    providers,
    target_groups,
)
from .test_needs import params  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_second_view_reads_nothing_and_a_change_recomputes(
    params,  # noqa: F811
    municipality,
    areas,
    levels,
    users,
    offers,  # noqa: F811
):
    planner = users[Role.SOZIALPLANUNG]
    first = analyse(municipality, params.category, planner, levels["stadtteil"])
    assert first.gaps[areas["11"].id].coverage.supply == 200
    with CaptureQueriesContext(connection) as queries:
        again = analyse(municipality, params.category, planner, levels["stadtteil"])
    assert len(queries) == 0
    assert again.computed_at == first.computed_at
    offer = offers["mittag-nord"]
    save_offer(
        municipality,
        offer=offer,
        provider=offer.provider,
        name=offer.name,
        category=offer.category,
        longitude=offer.longitude,
        latitude=offer.latitude,
        places_per_session=80,
        acting_user=TEST,
    )
    changed = analyse(municipality, params.category, planner, levels["stadtteil"])
    assert changed.gaps[areas["11"].id].coverage.supply == 400


def test_the_public_never_gets_the_planning_units_cached_result(
    params,  # noqa: F811
    municipality,
    areas,
    client_for,
):
    url = f"/{municipality.slug}/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"
    internal = client_for(Role.SOZIALPLANUNG).get(url).context["analysis"]
    assert internal.gaps[areas["11"].id].reported == 26
    public = Client().get(url).context["analysis"]
    assert public.reports_visible is False
    assert public.gaps[areas["11"].id].reported is None
    provider = client_for(Role.TRAEGER).get(url).context["analysis"]
    assert provider.gaps[areas["11"].id].reported is None


def test_clearance_is_the_readers_view_of_this_municipality(municipality, users):
    mid = municipality.id
    assert clearance(AnonymousUser(), mid) == PUBLIC
    assert clearance(users[Role.TRAEGER], mid) == PUBLIC
    # Staff of another municipality read this one's public records only.
    assert clearance(users[Role.SOZIALPLANUNG], mid + 1) == PUBLIC
    keys = {clearance(users[role], mid) for role in (Role.SOZIALPLANUNG, Role.FACHAMT)}
    assert len(keys) == 2 and PUBLIC not in keys


def test_after_the_recomputation_a_page_view_does_no_analysis_work(
    params,  # noqa: F811
    municipality,
    users,
):
    assert recompute_analyses.call(municipality.id) >= 2
    url = f"/{municipality.slug}/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(url)
    assert page.status_code == 200
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"offers_offer"' not in read and '"areas_indicatorvalue"' not in read, read
    # The page says when its result was computed.
    assert "Stand" in page.content.decode()
