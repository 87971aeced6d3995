"""One gap score per gap (issue 16): the gap page, its map and the allocation cite the
same number, and where the public's score differs from the planning unit's (the need
reports are internal), the page says so and shows both.

Before, the allocation cited 73,7 where the gap table said 74, and the public read 100
where the planning unit read 74, with no word why.
"""

from __future__ import annotations

import re

import pytest

from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.visibility import Role
from sozialplanung.measures.allocation import plan_allocation
from sozialplanung.needs.compute import analyse

from ..offers.conftest import (  # noqa: F401
    categories,
    offers,
    providers,
    target_groups,
)
from .test_allocation_page import setup  # noqa: F401

pytestmark = pytest.mark.django_db

GAPS = "/teststadt/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"


def row_of(page: str, name: str) -> str:
    return re.search(rf"<tr>(?:(?!</tr>).)*{name}(?:(?!</tr>).)*</tr>", page, re.S).group(0)


def test_the_allocation_cites_the_score_of_the_gap_table(setup, users, client_for):  # noqa: F811
    score = setup["score"]["12"]
    assert score != round(score)  # a score with decimals: the rounding shows
    result = plan_allocation(setup["budget"], 50_000, users[Role.SOZIALPLANUNG])
    explanation = {r.measure.title[0]: r for r in result.rows}["B"].explanation
    assert f"(Lückenwert {de_number(score, 0)})" in explanation
    page = client_for(Role.SOZIALPLANUNG).get(GAPS).content.decode()
    assert f'<td class="num">{de_number(score, 0)}' in row_of(page, "Nordost")


def test_the_public_and_the_planning_unit_are_told_why_their_scores_differ(
    setup,  # noqa: F811
    municipality,
    categories,  # noqa: F811
    client,
    client_for,
):
    # The demo Träger's need report in 11 (tests/offers/conftest.py) adds to 11's score.
    internal = analyse(municipality, categories["mittagstisch"], None)
    public_11 = next(r for r in internal.rows if r.area.code == "11").gap.score
    staff = client_for(Role.SOZIALPLANUNG).get(GAPS).content.decode()
    row = row_of(staff, "Nordwest")
    assert f"öffentlich: {de_number(public_11, 0)}" in row
    assert "Die Lückenwerte enthalten die Bedarfsmeldungen der Träger" in staff
    public = client.get(GAPS).content.decode()
    assert "ohne die Bedarfsmeldungen der Träger berechnet" in public
    assert "öffentlich:" not in public
