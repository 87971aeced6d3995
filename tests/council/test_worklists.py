"""Issue 14, item 2 on the demo: working lists link, sort and filter; passed control
dates are marked. A0200/21 point 2 (Sozialamt) has been due since 30.06.2023."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sozialplanung.core.models import Municipality, Office, User
from sozialplanung.council.models import ResolutionItem
from sozialplanung.council.worklists import ListChoice, office_points

pytestmark = pytest.mark.django_db

BASE = "/dresden/gremien"


def client(username: str) -> Client:
    made = Client()
    made.force_login(User.objects.get(username=username))
    return made


def a0200_item_2() -> ResolutionItem:
    return ResolutionItem.objects.get(
        resolution__paper__reference="A0200/21",
        resolution__municipality__slug="dresden",
        number="2",
    )


def test_overdue_rows_link_to_the_point_and_to_the_report_form(full_demo):
    item = a0200_item_2()
    point = f"{BASE}/beschluesse/{item.resolution_id}/#punkt-2"
    report = f"{BASE}/punkte/{item.pk}/bericht/"
    fachamt = client("fachamt").get(f"{BASE}/ueberfaellig/?sortierung=vorlage").content.decode()
    assert f'href="{point}"' in fachamt and f'href="{report}"' in fachamt
    # A council member reads the point but may not report on it.
    council = client("stadtrat").get(f"{BASE}/ueberfaellig/").content.decode()
    assert f'href="{point}"' in council and f'href="{report}"' not in council
    # Filtered by a status no overdue point has: none left.
    empty = client("fachamt").get(f"{BASE}/ueberfaellig/?stand=umgesetzt").content.decode()
    assert f'href="{point}"' not in empty


def test_resolution_page_marks_the_passed_control_date(full_demo):
    item = a0200_item_2()
    page = Client().get(f"{BASE}/beschluesse/{item.resolution_id}/").content.decode()
    days = (dt.date.today() - dt.date(2023, 6, 30)).days
    assert f"Kontrolltermin überschritten seit 30.06.2023 ({days} Tage überfällig)" in page


def test_my_items_lists_the_offices_own_open_points_sorted_and_filtered(full_demo):
    dresden = Municipality.objects.get(slug="dresden")
    sozialamt = Office.objects.get(municipality=dresden, name="Sozialamt")
    fachamt = User.objects.get(username="fachamt")
    rows = office_points(dresden, fachamt, sozialamt)
    assert rows and {d.item.responsible_office_id for d in rows} == {sozialamt.pk}
    assert [d.due_date for d in rows] == sorted(d.due_date for d in rows)
    by_reference = ListChoice.from_query({"sortierung": "vorlage"}).apply(rows, dt.date.today())
    assert [d.reference for d in by_reference] == sorted(d.reference for d in rows)
    not_overdue = ListChoice.from_query({"ueberfaellig": "nein"}).apply(rows, dt.date.today())
    assert all(d.due_date >= dt.date.today() for d in not_overdue)

    page = client("fachamt").get(f"{BASE}/meine-punkte/?ueberfaellig=ja").content.decode()
    assert "Meine Beschlusspunkte" in page and "(Sozialamt)" in page
    assert f"{BASE}/punkte/{a0200_item_2().pk}/bericht/" in page
    # Points of other offices are not the Fachamt's list.
    gb5_item = ResolutionItem.objects.get(resolution__paper__reference="A0200/21", number="1")
    assert f"/punkte/{gb5_item.pk}/bericht/" not in page
    assert Client().get(f"{BASE}/meine-punkte/").status_code in (302, 403)
