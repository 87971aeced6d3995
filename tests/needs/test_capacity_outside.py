"""No public output reveals one provider's capacity (issue 13, finding 8), from outside.

The demo's Stadtteil 90 Cossebaude/Mobschatz/Oberwartha has a single meal offer,
"Mittagstisch Cossebaude" with 48 places × 4 days = 192 places a week. Its supply per
week, per 1,000, coverage ratio, accessibility, score and rank would each give the 192
back (the target group is public). For the public and providers the gap table, its CSV
and XLSX, the area page and the overview show "•" instead; the planning unit sees them.
The rule itself (fewer than SUPPRESS_MIN_PROVIDERS providers, secondary suppression) is
checked over every area of every category of the demo.
"""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest
from django.conf import settings
from django.test import Client

from sozialplanung.analysis import suppression as sdc
from sozialplanung.areas.queries import levels
from sozialplanung.core.models import Municipality, User
from sozialplanung.needs.compute import analyse, parameterised_categories

pytestmark = pytest.mark.django_db

GAPS = "/dresden/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"
CSV = "/dresden/bedarf/luecken/csv?kategorie=mittagstisch&ebene=stadtteil"
XLSX = "/dresden/bedarf/luecken/xlsx?kategorie=mittagstisch&ebene=stadtteil"
AREA = "/dresden/gebiete/stadtteil/90/"
NAME = "Cossebaude/Mobschatz/Oberwartha"


@pytest.fixture
def demo(full_demo):
    return full_demo


def client_of(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def row_of(html: str, label: str) -> str:
    match = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(label) + r".*?</tr>", html, re.S)
    assert match, label
    return match.group(0)


def csv_row(client: Client) -> list[str]:
    lines = client.get(CSV).content.decode("utf-8-sig").splitlines()
    return next(line for line in lines if line.split(";")[1:2] == ["90"]).split(";")


def xlsx_row(client: Client) -> list[object]:
    book = openpyxl.load_workbook(io.BytesIO(client.get(XLSX).content), read_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    return list(next(r for r in rows if len(r) > 1 and r[1] == "90"))


@pytest.mark.parametrize("username", [None, "traeger"])
def test_the_public_and_providers_do_not_learn_cossebaudes_capacity(demo, username):
    client = client_of(username)
    page = client.get(GAPS).content.decode()
    row = row_of(page, NAME)
    assert "•" in row and "192" not in row
    assert "verriete die Kapazität eines Trägers" in row
    assert "192" not in re.search(r'id="map-points"[^>]*>(.*?)</script>', page, re.S).group(1)
    labels = json.loads(re.search(r'id="map-labels"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert labels["90"]["value"] == "•"
    figures = csv_row(client)
    assert figures[0] == "" and set(figures[3:12]) == {"•"}
    cells = xlsx_row(client)
    assert cells[0] in (None, "") and set(cells[3:12]) == {"•"}
    supply = row_of(client.get(AREA).content.decode(), "Mittagstisch")
    assert "192" not in supply and "•" in supply


def test_the_planning_unit_sees_cossebaudes_figures(demo):
    client = client_of("planung")
    assert "192 Plätze" in row_of(client.get(AREA).content.decode(), "Mittagstisch")
    figures = csv_row(client)
    assert figures[4] == "192,0" and figures[0] != ""
    assert "•" not in row_of(client.get(GAPS).content.decode(), NAME)


def test_no_public_offer_figure_rests_on_fewer_providers_or_is_derivable(demo):
    """Over every category and level: a shown supply comes from none or enough providers,
    and no parent minus its visible children gives a withheld supply away."""
    for municipality in Municipality.objects.all():
        for category in parameterised_categories(municipality):
            analyses = [analyse(municipality, category, None, lvl) for lvl in levels(municipality)]
            rows = {row.area.id: row for analysis in analyses for row in analysis.rows}
            for row in rows.values():
                providers = {o.provider_id for o in analyses[0].offers if row.area.id in o.located}
                if not row.withheld:
                    assert len(providers) == 0 or len(providers) >= settings.SUPPRESS_MIN_PROVIDERS
            ids = list(rows)
            index = {a: i for i, a in enumerate(ids)}
            groups = sdc.hierarchy_groups([index.get(rows[a].area.parent_id) for a in ids])
            supply = [rows[a].gap.coverage.supply for a in ids]
            hidden = [rows[a].withheld for a in ids]
            assert sdc.derivable_cells(supply, hidden, groups) == set(), category
