"""Every page of every role and the API lists run a constant number of queries, at most
20, whatever the number of rows: measured on the demo and again after it grew (issue 17).

The role crawl (test_role_crawl.py) holds every page it reaches to the same budget; this
test adds the growth: more offers in a category, more items with reports and measures
on a resolution, and the counts must stay the same for every page each role (the
public, provider, Fachamt, council member and planning unit) reaches in three clicks
from its start pages and from the pages only a form or a mail leads to (together every
page of the site: the test checks that against the URLconf, as the axe walk does), for
the lists of the API and of OParl, and for the heavy pages. A page whose count changed
is shown with the queries that came or went."""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from sozialplanung.core import computed
from sozialplanung.core.audit import Process
from sozialplanung.core.models import Municipality, User
from sozialplanung.council import actions as council
from sozialplanung.council.models import ResolutionItem, StatusReport
from sozialplanung.measures.models import Measure
from sozialplanung.offers.models import Offer

from .query_budget import PAGE_BUDGET, warm_queries
from .site_pages import NOT_A_PAGE, pages_without_links, seeds, unchecked_routes
from .test_role_crawl import links

pytestmark = pytest.mark.django_db

GROW = Process("Wachstum")
MORE = 12
ROLES = ["anonym", "traeger", "fachamt", "stadtrat", "planung"]


def pages(resolution_id: int) -> list[str]:
    return [
        "/dresden/gebiete/stadtteil/90/",
        "/dresden/gebiete/stadt/14612000/",
        f"/dresden/gremien/beschluesse/{resolution_id}/",
        "/dresden/bedarf/",
        "/dresden/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil",
        "/dresden/angebote/",
        "/api/municipalities/dresden/offers",
        "/api/municipalities/dresden/areas",
        "/dresden/massnahmen/verteilung/",
        "/dresden/angebote/verwaltung/",
    ]


def grow(resolution_id: int) -> None:
    """MORE offers in Mittagstisch and MORE items with a published report and a measure."""
    template = Offer.objects.filter(
        municipality__slug="dresden", category__slug="mittagstisch"
    ).first()
    located = list(template.located_in.all())
    for n in range(MORE):
        offer = Offer.objects.get(pk=template.pk)
        offer.pk = None
        offer.external_id = f"wachstum-{n}"
        offer.name = f"Mittagstisch Wachstum {n}"
        offer.places_per_session, offer.sessions_per_week = 10 + n, Decimal("5")
        offer.save()
        offer.located_in.set(located)
    measure = Measure.objects.filter(field_of_action__plan__municipality__slug="dresden").first()
    office = ResolutionItem.objects.filter(resolution_id=resolution_id).first().responsible_office
    for n in range(MORE):
        item = ResolutionItem.objects.create(
            resolution_id=resolution_id,
            number=f"W{n}",
            text=f"Wachstum {n}",
            order=100 + n,
            responsible_office=office,
        )
        report = council.record_status_report(
            item,
            date=dt.date(2025, 1, 1),
            status=StatusReport.Status.IN_PROGRESS,
            narrative="wächst",
            next_control_date=dt.date(2026, 1, 1),
            acting_user=GROW,
        )
        council.publish_status_report(report, acting_user=GROW)
        measure.resolution_items.add(item)
    # Written past the actions (faster), so the data version is replaced here.
    computed.bump(None)


def client_of(username: str) -> Client:
    client = Client()
    if username != "anonym":
        client.force_login(User.objects.get(username=username))
    # Any other cookie than CSRF and language: whole pages are not served from the cache.
    client.cookies["budget"] = "own-queries"
    return client


def navigation(client: Client, extra: list[str], depth: int = 3) -> list[str]:
    """One page of every route the role reaches in ``depth`` clicks from its start pages,
    the pages of the municipality (the URLconf's patterns whose one parameter is the
    municipality, as the axe walk seeds them) and ``extra`` (pages only a form or a mail
    leads to): one indicator page stands for all, the same view, the same queries. A page
    that sends the role elsewhere (to the login, a refusal) is not the role's page; its
    links count all the same."""
    found: dict[str, str] = {}
    frontier = [*seeds(), *extra]
    for _ in range(depth + 1):
        reached = []
        for url in frontier:
            path = url.split("?")[0]
            if NOT_A_PAGE.search(path):  # downloads, the API (its lists below), the admin
                continue
            try:
                route = resolve(path).route
            except Resolver404:
                continue
            if route in found:
                continue
            response = client.get(url, follow=True)
            if response.status_code == 200 and not response.redirect_chain:
                found[route] = url
            if "html" in response.get("Content-Type", ""):
                reached += links(response.content.decode())
        frontier = reached
    return list(found.values())


def api_lists() -> list[str]:
    """The lists of the API and of OParl, which no page links to."""
    api = "/api/municipalities"
    oparl = "/oparl/v1.1/bodies/dresden"
    return [
        api,
        *(f"{api}/dresden/{name}" for name in ("levels", "areas", "indicators", "offers")),
        *(f"{api}/dresden/{name}" for name in ("offer-categories", "target-groups")),
        f"{api}/dresden/offers.geojson",
        f"{api}/dresden/areas.geojson?level=stadtteil",
        *(f"{oparl}/{name}/" for name in ("papers", "meetings", "agenda-items", "files")),
        *(f"{oparl}/{name}/" for name in ("consultations", "sozialplanung-resolutions")),
    ]


def measured(client: Client, urls: list[str]) -> dict[str, list[str]]:
    return {url: warm_queries(client, url) for url in urls}


def grown(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, str]:
    """The pages whose count changed, with the queries that came or went (SQL shortened)."""
    changed = {}
    for url, sql in after.items():
        if len(sql) != len(before[url]):
            diff = difflib.unified_diff(
                [q[:160] for q in before[url]], [q[:160] for q in sql], lineterm="", n=0
            )
            changed[url] = f"{len(before[url])} → {len(sql)}\n" + "\n".join(diff)
    return changed


@pytest.mark.long
def test_every_roles_pages_keep_their_query_count_when_the_data_grow(full_demo):
    """Each role's pages; as the planning unit also the heavy pages with their choices."""
    clients = {role: client_of(role) for role in ROLES}
    resolution_id = (
        ResolutionItem.objects.filter(
            resolution__municipality__slug="dresden", resolution__visibility="oeffentlich"
        )
        .values_list("resolution_id", flat=True)
        .first()
    )
    extra = pages_without_links(
        Municipality.objects.get(slug="dresden"), User.objects.get(username="planung")
    )
    urls = {role: navigation(client, extra) for role, client in clients.items()}
    # Every page of the site is some role's (the routes the axe walk checks).
    reached = {resolve(u.split("?")[0]).route for found in urls.values() for u in found}
    assert unchecked_routes(reached) == set()
    urls = {role: [*found, *api_lists()] for role, found in urls.items()}
    # The heavy pages with the choices no link makes (a category, a level).
    urls["planung"] = list(dict.fromkeys([*urls["planung"], *pages(resolution_id)]))
    before = {role: measured(clients[role], urls[role]) for role in ROLES}
    grow(resolution_id)
    after = {role: measured(clients[role], urls[role]) for role in ROLES}
    changed = {role: grown(before[role], after[role]) for role in ROLES}
    assert changed == {role: {} for role in ROLES}
    over = {r: {u: len(q) for u, q in c.items() if len(q) > PAGE_BUDGET} for r, c in after.items()}
    assert over == {r: {} for r in ROLES}
