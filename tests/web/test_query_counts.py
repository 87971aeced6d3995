"""Map and indicator pages run a fixed number of queries, however many areas there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sozialplanung.areas import actions
from sozialplanung.areas.actions import AreaRecord
from sozialplanung.areas.models import Area
from tests.conftest import TEST, VALID_FROM, square

pytestmark = pytest.mark.django_db

PAGES = [
    "/teststadt/karte/?ebene=stadtteil&indikator=einwohner&zeitraum=2023",
    "/teststadt/indikatoren/einwohner/?ebene=stadtteil&zeitraum=2023",
    "/teststadt/indikatoren/einwohner/csv?ebene=stadtteil&zeitraum=2023",
]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_areas(levels, indicators, n: int) -> None:
    records = [
        AreaRecord(code=f"9{i:02d}", name=f"Neu {i}", geometry=square(3 + i % 10, i // 10))
        for i in range(n)
    ]
    actions.save_areas(levels["stadtteil"], records, valid_from=VALID_FROM, acting_user=TEST)
    ids = dict(Area.objects.filter(code__startswith="9").values_list("code", "id"))
    actions.set_indicator_values(
        indicators["einwohner"],
        {(ids[r.code], "2023"): 100.0 + i for i, r in enumerate(records)},
        acting_user=TEST,
    )


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_areas(client, levels, indicators, url):
    client.get(url)  # warm caches (content types, sessions)
    few = count_queries(client, url)
    add_areas(levels, indicators, 30)
    many = count_queries(client, url)
    assert many == few, (few, many)
    assert few <= 15
