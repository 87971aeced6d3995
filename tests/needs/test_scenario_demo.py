"""The demo's scenario "Neubaugebiet Leuben-Süd, 400 Wohnungen" (demo/scenario.py) on the
shared demo: 400 dwellings × 2,0 persons = 800 more residents in 61 Leuben, a planned
Mittagstisch of 300 places a week there; its pages in German without a missing text."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sozialplanung.core.models import User
from sozialplanung.measures.models import Measure
from sozialplanung.needs.models import Scenario
from tests.web.test_untranslated import missing  # noqa: F401

pytestmark = pytest.mark.django_db


def cells(html: str, code: str) -> list[str]:
    row = re.search(rf'<tr[^>]*data-area="{code}".*?</tr>', html, re.S)
    assert row, code
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[0])]


def number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def test_demo_scenario_leuben_beside_today(full_demo, missing):  # noqa: F811
    scenario = Scenario.objects.get(municipality__slug="dresden", is_example=True)
    assert scenario.residents == 800
    client = Client()
    client.force_login(User.objects.get(username="planung"))
    base = reverse("needs:scenario", args=["dresden", scenario.pk])
    page = client.get(f"{base}?kategorie=mittagstisch&ebene=stadtteil").content.decode()
    assert 'data-testid="example-badge"' in page
    # Each cell "today → in the scenario".
    target, per_1000 = ([number(v) for v in cell.split("→")] for cell in cells(page, "61")[:2])
    assert target[1] - target[0] == 800
    assert per_1000[1] > per_1000[0]  # 300 places more for 800 more people
    measure = Measure.objects.select_related("field_of_action__plan").get(scenario=scenario)
    plan = measure.field_of_action.plan.slug
    shown = client.get(reverse("measures:measure", args=["dresden", plan, measure.pk]))
    assert scenario.name in shown.content.decode()
    for url in (
        reverse("needs:scenarios", args=["dresden"]),
        reverse("needs:scenario_edit", args=["dresden", scenario.pk]),
        reverse("needs:scenario_new", args=["dresden"]),
    ):
        assert client.get(url).status_code == 200, url
    assert not missing, "\n".join(sorted(missing))
