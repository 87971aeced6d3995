"""Every role, every output, every mail: no planted canary reaches whom it must not
(issue 13, Done-when 2).

On the full demo (loaded once, ``full_demo``) the fixture plants canaries in Dresden: a
non-public and a confidential paper with resolution, item, published report and
measure; a status report the Sozialamt saved and nobody published; internal offer
fields (funding note, need report) of a provider that is not the demo Träger's; an
offer capacity no other figure has (4711 places × 7 = 32977 a week); a non-public
indicator; a public count indicator with a 2 the public must get as "withheld".

Then, as anonymous, provider (``traeger``), Fachamt (``fachamt``, Sozialamt), council
member (``stadtrat``) and Leipzig's planning unit (``planung-leipzig``), it requests
every page (the URLconf's patterns filled with the demo's slugs and the planted ids, and
every link found on the way), every API route, the OParl server, the iCal feeds and
every exporter, and looks for the canaries each role may not read. Finally it gives
every login, office and provider an address (the demo has none), sends every mail the
system sends (resolution-control and stale-offer reminders) into Django's locmem outbox
and checks each recipient's mails the same way.

Fast: each role visits at most ``PER_SHAPE`` URLs of one shape (digits count as one
shape), the planted records always.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from sozialplanung.areas import actions as area_actions
from sozialplanung.areas.models import Area, AreaLevel
from sozialplanung.core.audit import Process
from sozialplanung.core.models import Municipality, Office, User
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council import actions as council
from sozialplanung.council.models import (
    Body,
    Consultation,
    Resolution,
    StatusLetter,
    StatusReport,
)
from sozialplanung.measures.models import Measure
from sozialplanung.needs.compute import analyse, parameterised_categories
from sozialplanung.offers.models import Funding, NeedReport, Offer, OfferCategory, Provider
from sozialplanung.reports.base import exporters

from .council.oparl_check import crawl as oparl_crawl
from .query_budget import over_budget, pages_over_budget
from .test_canaries import readable_text
from .test_visibility import body_of, url_templates

pytestmark = pytest.mark.django_db

PLANT = Process("Kanarien")
NON_PUBLIC = "KANARIE-RUNDGANG-NICHTOEFFENTLICH-a41c"
CONFIDENTIAL = "KANARIE-RUNDGANG-VERTRAULICH-77e0"
UNPUBLISHED = "KANARIE-RUNDGANG-UNVEROEFFENTLICHT-c5b2"
INTERNAL = "KANARIE-RUNDGANG-INTERN-0f9d"
SECRET_INDICATOR = "Kanarien-Kennzahl-geheim-e3d1"
CAPACITY = re.compile(r"(?<![\d.,])32[.]?977(?![\d])")  # 4711 × 7, in any spelling
SMALL = "kanarienzahl"  # a public count; Stadtteil 90 has 2 (withheld for the public)
ROLES = ["anonym", "traeger", "fachamt", "stadtrat", "planung-leipzig"]
PER_SHAPE = 1
MAX_PER_TEMPLATE = 8
SKIPPED = ("/admin/", "/static/", "/abmelden", "/logout", "/media/")


@dataclass(frozen=True)
class Reader:
    """Whom an output is for: role, municipality and office (None: the public)."""

    role: str | None
    municipality: str | None = None
    office: str | None = None


def forbidden(reader: Reader) -> set[str]:
    """The text canaries ``reader`` may not read (CAPACITY and SMALL are checked apart)."""
    everything = {NON_PUBLIC, CONFIDENTIAL, UNPUBLISHED, INTERNAL, SECRET_INDICATOR}
    if reader.municipality != "dresden" or reader.role in (None, Role.TRAEGER):
        return everything
    if reader.role == Role.FACHAMT:
        # Non-public is for the offices; the Sozialamt wrote the unpublished report.
        return {CONFIDENTIAL} | ({UNPUBLISHED} if reader.office != "Sozialamt" else set())
    if reader.role == Role.STADTRAT:
        return {UNPUBLISHED}  # council members read it once the planning unit publishes it
    return set()


def sees_true_figures(reader: Reader) -> bool:
    return reader.municipality == "dresden" and reader.role not in (None, Role.TRAEGER)


# --- The canaries ------------------------------------------------------------------------


def _secret_paper(dresden, reference, visibility, canary, sozialamt, committee) -> dict[str, Any]:
    paper = council.save_paper(
        dresden,
        reference,
        name=f"Grundstücksgeschäft {canary}",
        text=f"Vertrag {canary}",
        originator=f"Amt {canary}",
        date=dt.date(2024, 9, 1),
        responsible_office=sozialamt,
        visibility=visibility,
        consultations=[
            council.ConsultationRecord(
                committee, dt.date(2024, 9, 9), False, Consultation.Role.DECIDING
            )
        ],
        acting_user=PLANT,
    )
    resolution = council.save_resolution(
        paper,
        date=dt.date(2024, 9, 9),
        body=committee,
        text=f"Beschluss {canary}",
        visibility=visibility,
        items=[council.ItemRecord("1", f"Punkt {canary}", sozialamt, visibility)],
        acting_user=PLANT,
    )
    item = resolution.items.get()
    report = council.record_status_report(
        item,
        date=dt.date(2024, 10, 1),
        status=StatusReport.Status.IN_PROGRESS,
        narrative=f"Bericht {canary}",
        next_control_date=dt.date(2024, 12, 31),
        acting_user=PLANT,
    )
    council.publish_status_report(report, acting_user=PLANT)
    measure = Measure.objects.filter(field_of_action__plan__municipality=dresden).first()
    measure.pk = None
    measure.title = f"Maßnahme {canary}"
    measure.description = f"Beschreibung {canary}"
    measure.visibility = visibility
    measure.save()
    measure.resolution_items.add(item)
    return {"paper": paper, "resolution": resolution, "item": item, "measure": measure}


@pytest.fixture
def planted(full_demo) -> dict[str, Any]:
    dresden = Municipality.objects.get(slug="dresden")
    sozialamt = Office.objects.get(municipality=dresden, name="Sozialamt")
    committee = Body.objects.get(municipality=dresden, name="Ausschuss für Soziales und Wohnen")
    made = {
        "non_public": _secret_paper(
            dresden, "V9911/24", Visibility.NON_PUBLIC, NON_PUBLIC, sozialamt, committee
        ),
        "confidential": _secret_paper(
            dresden, "V9912/24", Visibility.CONFIDENTIAL, CONFIDENTIAL, sozialamt, committee
        ),
    }
    # The Sozialamt reports on a public item of V2696/24; nobody publishes it.
    item = StatusReport.objects.filter(item__resolution__paper__reference="V2696/24").first().item
    council.record_status_report(
        item,
        date=dt.date(2025, 11, 3),
        status=StatusReport.Status.NOT_DONE,
        narrative=f"Entwurf {UNPUBLISHED}",
        next_control_date=dt.date(2026, 1, 31),
        acting_user=User.objects.get(username="fachamt"),
    )
    made["unpublished_item"] = item
    # Flagged for the public pages as if by mistake: their visibility alone keeps them off.
    secret = [made[kind]["resolution"].pk for kind in ("non_public", "confidential")]
    Resolution.objects.filter(pk__in=secret).update(public_follow=True)
    # Internal offer data of a provider that is not the demo Träger's.
    own = Provider.objects.filter(users__username="traeger").values_list("pk", flat=True)
    offer = (
        Offer.objects.filter(municipality=dresden, category__slug="mittagstisch")
        .exclude(provider__in=own)
        .first()
    )
    offer.places_per_session, offer.sessions_per_week = 4711, Decimal("7")
    offer.save()
    Funding.objects.create(
        offer=offer, year=2031, source=Funding.Source.MUNICIPAL, amount=1, note=INTERNAL
    )
    NeedReport.objects.create(
        municipality=dresden,
        provider=offer.provider,
        area=offer.located_in.order_by("-level__depth").first(),
        category=OfferCategory.objects.get(municipality=dresden, slug="mittagstisch"),
        period="2031",
        turned_away=1,
        text=f"Abgewiesen {INTERNAL}",
    )
    made["offer"] = offer
    src = {"source": "Kanarien", "licence": "dl-de/by-2-0", "acting_user": PLANT}
    secret = area_actions.define_indicator(
        dresden, "kanarien-geheim", name=SECRET_INDICATOR, visibility=Visibility.NON_PUBLIC, **src
    )
    small = area_actions.define_indicator(dresden, SMALL, name="Kanarienzahl", **src)
    stadtteile = Area.objects.filter(municipality=dresden, level__slug="stadtteil")
    area_actions.set_indicator_values(
        secret, {(a.id, "2031"): 5.0 for a in stadtteile[:3]}, acting_user=PLANT
    )
    area_actions.set_indicator_values(
        small,
        {(a.id, "2031"): 2.0 if a.code == "90" else 40.0 for a in stadtteile},
        acting_user=PLANT,
    )
    made["indicators"] = [secret, small]
    return made


# --- Who sees what -------------------------------------------------------------------------


def reader_of(username: str | None) -> Reader:
    if username is None or username == "anonym":
        return Reader(None)
    user = User.objects.select_related("municipality", "office").get(username=username)
    return Reader(
        user.role,
        user.municipality.slug if user.municipality else None,
        user.office.name if user.office else None,
    )


def leaks_in(text: str, reader: Reader) -> list[str]:
    found = [c for c in sorted(forbidden(reader)) if c in text]
    if not sees_true_figures(reader) and CAPACITY.search(text):
        found.append("Kapazität 32977")
    return found


def small_count_leaks(data: Any, area_id: int, code: str) -> Iterator[str]:
    """A JSON value of the planted small count that is not withheld."""
    if isinstance(data, dict):
        mine = data.get("indicator") == SMALL and data.get("area") in (code, area_id)
        if mine and data.get("value") is not None:
            yield f"{SMALL} {code} = {data['value']}"
        props = data.get("properties")
        if isinstance(props, dict) and data.get("id") == code and props.get("value") == 2:
            yield f"{SMALL} {code} = 2 (GeoJSON)"
        for value in data.values():
            yield from small_count_leaks(value, area_id, code)
    elif isinstance(data, list):
        for value in data:
            yield from small_count_leaks(value, area_id, code)


# --- Where to look -----------------------------------------------------------------------


def seeds(planted: dict[str, Any]) -> list[str]:
    """The planted records' own pages, then every URL pattern filled with the demo's
    slugs and the planted ids (secret ones first), at most MAX_PER_TEMPLATE each."""
    secret = [planted["confidential"], planted["non_public"]]
    ids: list[int] = []
    for made in secret:
        ids += [made["paper"].pk, made["resolution"].pk, made["item"].pk, made["measure"].pk]
    reports = StatusReport.objects.filter(narrative__contains="KANARIE-RUNDGANG").values_list(
        "pk", flat=True
    )
    ids += [*reports, planted["offer"].pk, *(i.pk for i in planted["indicators"])]
    ids += list(StatusLetter.objects.values_list("pk", flat=True))
    offices = Office.objects.filter(municipality__slug="dresden").values_list("pk", flat=True)
    own = []
    for made in secret:
        measure = made["measure"]
        own += [
            reverse("council:paper", args=["dresden", made["paper"].pk]),
            reverse("council:resolution", args=["dresden", made["resolution"].pk]),
            reverse("council:report", args=["dresden", made["item"].pk]),
            reverse(
                "measures:measure",
                args=["dresden", measure.field_of_action.plan.slug, measure.pk],
            ),
        ]
    own += [reverse("council:office_ics", args=["dresden", pk]) for pk in offices]
    # The public pages "Was wurde aus …?" of the planted resolutions (flagged, but not
    # public) and the feeds, which would carry the unpublished report on V2696/24.
    own += [f"/dresden/was-wurde-aus/{m['paper'].reference.replace('/', '-')}/" for m in secret]
    own += ["/dresden/was-wurde-aus/feed.atom", "/dresden/was-wurde-aus/V2696-24/feed.atom"]
    own += [
        reverse("council:resolution", args=["dresden", planted["unpublished_item"].resolution_id]),
        reverse("offers:offer", args=["dresden", planted["offer"].pk]),
    ]
    values = {
        "int": [str(i) for i in dict.fromkeys([*ids, *offices])],
        "slug": ["dresden", "leipzig"],
        # One area (the links lead to the others, one of each shape): area pages are slow.
        "level": ["stadtteil"],
        "code": ["90"],
        "indicator": ["kanarien-geheim", SMALL],
        "plan": [secret[0]["measure"].field_of_action.plan.slug],
        "name": [e.identifier for e in exporters()],
        "fmt": sorted({f for e in exporters() for f in e.formats}),
    }
    pattern = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
    found = []
    for template in url_templates():
        if template.startswith(("admin/", "static/")):
            continue
        parts = pattern.split(template)  # text, converter, name, text, …
        urls = [parts[0]]
        for i in range(1, len(parts), 3):
            key = _value_key(parts[i] or "str", parts[i + 1].lower())
            urls = [u + v + parts[i + 2] for u in urls for v in values[key]]
            if key == "int":  # every exporter and format, but not every id everywhere
                urls = urls[:MAX_PER_TEMPLATE]
        found += ["/" + u for u in urls]
    queries = [
        f"/api/municipalities/dresden/values?indicator={SMALL}&level=stadtteil&period=2031",
        f"/api/municipalities/dresden/areas.geojson?level=stadtteil&indicator={SMALL}&period=2031",
        "/api/municipalities/dresden/indicators",
        f"/dresden/karte/?ebene=stadtteil&indikator={SMALL}&zeitraum=2031",
        f"/dresden/indikatoren/{SMALL}/csv?ebene=stadtteil&zeitraum=2031",
        "/dresden/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil",
        "/dresden/bedarf/luecken/csv?kategorie=mittagstisch&ebene=stadtteil",
        "/dresden/bedarf/luecken/xlsx?kategorie=mittagstisch&ebene=stadtbezirk",
        "/api/municipalities/dresden/offers",
    ]
    return ["/", "/dresden/", "/leipzig/", *own, *queries, *found]


def _value_key(converter: str, name: str) -> str:
    """Which of the seed values a path parameter takes, by its converter and name."""
    if converter == "int" or name == "pk" or name.endswith(("id", "_pk")):
        return "int"
    return next((k for k in ("plan", "level", "code", "indicator", "fmt") if k in name), None) or (
        "name" if name == "name" else "slug"
    )


def shape(url: str) -> str:
    """What counts as "the same page": the path with every number as N."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


def links(html: str) -> Iterator[str]:
    for href in re.findall(r'href="(/[^"#]*)', html):
        yield href.replace("&amp;", "&")


@dataclass
class Visit:
    url: str
    status: int
    text: str
    json: Any = None
    queries: int = 0  # SQL queries of the request (query budgets, issue 17)


def walk(client: Client, start: list[str]) -> list[Visit]:
    """Seeds first, then every link found, at most PER_SHAPE URLs of a shape (seeds
    always), GET only, never the logout."""
    queue = deque(start)
    seeded = set(start)
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    visits = []
    while queue:
        url = queue.popleft().removesuffix("?")
        if url in seen or url.startswith(SKIPPED) or any(s in url for s in SKIPPED):
            continue
        seen.add(url)
        try:
            resolve(urlsplit(url).path)
        except Resolver404:
            continue
        key = shape(url)
        if url not in seeded and per_shape.get(key, 0) >= PER_SHAPE:
            continue
        per_shape[key] = per_shape.get(key, 0) + 1
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, follow=True)
        kind = response.get("Content-Type", "")
        text = readable_text(response)
        data = None
        if kind.startswith(("application/json", "application/geo+json")):
            data = json.loads(body_of(response) or b"null") if response.status_code == 200 else None
        visits.append(Visit(url, response.status_code, text, data, len(queries)))
        if "html" in kind:
            queue.extend(u for u in links(text) if u not in seen)
    return visits


def client_for(username: str) -> Client:
    client = Client(raise_request_exception=False)
    if username != "anonym":
        client.force_login(User.objects.get(username=username))
    return client


# --- The crawl ---------------------------------------------------------------------------


def cache_the_planning_units_results() -> None:
    """Gap analyses (with the planted capacity and need report) computed for Dresden's
    planning unit first: no reader with less clearance may get them from the cache."""
    dresden = Municipality.objects.get(slug="dresden")
    planner = User.objects.get(username="planung")
    level = AreaLevel.objects.get(municipality=dresden, slug="stadtteil")
    for category in parameterised_categories(dresden):
        analyse(dresden, category, planner, level)


def crawl_as(username: str, planted: dict[str, Any]) -> list[str]:
    """What ``username`` reads that it may not, over pages, API, OParl, feeds and
    exports; pages over the query budget; outputs the walk failed to reach."""
    reader = reader_of(username)
    client = client_for(username)
    visits = walk(client, seeds(planted))
    tiny = Area.objects.get(municipality__slug="dresden", level__slug="stadtteil", code="90")
    problems = []
    for visit in visits:
        problems += [f"{visit.url}: {c}" for c in leaks_in(visit.text, reader)]
        if visit.status >= 500:
            problems.append(f"{visit.url}: {visit.status}")
        if visit.json is not None and not sees_true_figures(reader):
            problems += [f"{visit.url}: {c}" for c in small_count_leaks(visit.json, tiny.pk, "90")]
    oparl = oparl_crawl(client)
    for url, response in oparl.items():
        problems += [f"{url}: {c}" for c in leaks_in(readable_text(response), reader)]
    # Every page and API list within the query budget (warm: its analyses computed).
    problems += [f"Abfragen: {p}" for p in over_budget(client, pages_over_budget(visits))]
    # The walk reached every kind of output it must cover.
    kinds = {urlsplit(v.url).path.rsplit(".", 1)[-1] for v in visits if v.status == 200}
    problems += [f"nicht erreicht: .{kind}" for kind in {"ics", "xlsx", "csv"} - kinds]
    if not any(v.url.startswith("/api/") and v.status == 200 for v in visits):
        problems.append("nicht erreicht: die API")
    if len(oparl) <= 10 or len(visits) <= 150:
        problems.append(f"zu wenig besucht: {len(visits)} Seiten, {len(oparl)} OParl-Objekte")
    return [f"{username}: {problem}" for problem in problems]


@pytest.mark.long
def test_no_role_reads_a_canary_it_may_not_over_http(planted):
    """All roles one after the other on the same planted demo and the same cache, as
    readers share a server: the planning unit's results first, then each role's own
    (a cached result for more clearance must never reach a reader with less). One
    planting instead of one per role."""
    cache_the_planning_units_results()
    problems = [problem for username in ROLES for problem in crawl_as(username, planted)]
    assert problems == []


@pytest.mark.parametrize("username", ["fachamt", "stadtrat"])
def test_the_crawl_would_see_what_a_role_may_read(planted, username):
    """The canaries are where the crawl looks: readers cleared for them find them."""
    client = client_for(username)
    resolution = planted["non_public"]["resolution"]
    page = client.get(f"/dresden/gremien/beschluesse/{resolution.pk}/").content.decode()
    assert NON_PUBLIC in page
    item = planted["unpublished_item"]
    page = client.get(f"/dresden/gremien/beschluesse/{item.resolution_id}/").content.decode()
    assert (UNPUBLISHED in page) == (username == "fachamt")


def recipients() -> dict[str, Reader]:
    """Give every login, office and provider an address (the demo has none): whom each
    address belongs to."""
    book: dict[str, Reader] = {}
    for user in User.objects.select_related("municipality", "office"):
        user.email = f"{user.username}@nutzer.invalid"
        user.save(update_fields=["email"])
        book[user.email] = reader_of(user.username)
    for office in Office.objects.select_related("municipality"):
        office.email = f"amt-{office.pk}@aemter.invalid"
        office.save(update_fields=["email"])
        book[office.email] = Reader(Role.FACHAMT, office.municipality.slug, office.name)
    for provider in Provider.objects.select_related("municipality"):
        provider.email = f"traeger-{provider.pk}@traeger.invalid"
        provider.save(update_fields=["email"])
        book[provider.email] = Reader(Role.TRAEGER, provider.municipality.slug)
    return book


def test_no_mail_carries_a_canary_to_a_recipient_who_may_not_read_it(planted, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    book = recipients()
    mail.outbox = []
    for command in ("send_reminders", "send_stale_reminders"):
        call_command(command, today=dt.date(2032, 1, 1), stdout=io.StringIO())
    problems = []
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        for address in message.to:
            assert address in book, address
            problems += [f"{address}: {c}" for c in leaks_in(text, book[address])]
    assert problems == []
    # Every kind of mail went out, to offices, staff and providers alike.
    to = {a.split("@")[1] for m in mail.outbox for a in m.to}
    assert {"aemter.invalid", "nutzer.invalid", "traeger.invalid"} <= to
    subjects = " ".join(m.subject for m in mail.outbox)
    assert "Beschlusskontrolle fällig" in subjects and "veraltet" in subjects
    # The non-public item was mailed to the Sozialamt, which may read it; the
    # confidential one to nobody.
    sozialamt = [m for m in mail.outbox if "fachamt@nutzer.invalid" in m.to]
    assert any(NON_PUBLIC in m.body for m in sozialamt)
    assert not any(CONFIDENTIAL in m.body for m in mail.outbox)
