"""Visibility, outside in: what the public can find out by asking, page by page.

The test city has a non-public indicator "Interne Kennzahl" (slug
``interne-kennzahl``) with the value 42 in Stadtteil 11. Whatever an anonymous visitor requests, API or page, with whatever parameters,
neither its name nor its value may come back, and addressing it directly must answer
exactly like addressing something that does not exist.

The page walker takes every URL pattern of the site as it is when the tests run, so
pages added later are covered without touching this file.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import AuditEntry, User
from sozialplanung.core.visibility import Role
from sozialplanung.reports.base import exporters
from tests.conftest import TEST

SECRET_NAME = "Interne Kennzahl"
SECRET_SLUG = "interne-kennzahl"
SECRET_VALUE = 42.0
UNKNOWN_SLUG = "gibt-es-nicht"
BASE = "/api/municipalities/teststadt"

LEVELS = ["stadt", "stadtbezirk", "stadtteil"]
AREA_CODES = ["0", "1", "2", "11", "12", "21", "22"]
PUBLIC_INDICATORS = ["einwohner", "auslaender", "auslaenderanteil"]
PERIODS = ["2022", "2023"]


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def values_in(data: Any) -> Iterator[float]:
    """Every number stored under a key "value" anywhere in a JSON document."""
    if isinstance(data, dict):
        for key, item in data.items():
            if key == "value" and isinstance(item, int | float):
                yield float(item)
            else:
                yield from values_in(item)
    elif isinstance(data, list):
        for item in data:
            yield from values_in(item)


def assert_nothing_secret(url: str, response) -> None:
    text = body_of(response).decode("utf-8", errors="replace")
    assert response.status_code < 500, (url, response.status_code)
    assert SECRET_NAME not in text, url
    if response.status_code != 422:  # a 422 may echo what the caller sent, nothing more
        assert SECRET_SLUG not in text, url
    if response.get("Content-Type", "").startswith(("application/json", "application/geo+json")):
        assert SECRET_VALUE not in set(values_in(json.loads(text))), url


# --- The API, every route, every plausible parameter -----------------------------------


def api_urls() -> Iterator[str]:
    slugs = [*PUBLIC_INDICATORS, SECRET_SLUG]
    yield "/api/municipalities"
    for municipality in ("teststadt", SECRET_SLUG):
        base = f"/api/municipalities/{municipality}"
        yield base
        yield f"{base}/levels"
        yield f"{base}/indicators"
        for level in [None, *LEVELS, SECRET_SLUG]:
            yield f"{base}/areas" + (f"?level={level}" if level else "")
        for indicator in slugs:
            yield f"{base}/indicators/{indicator}"
        for level, indicator, period, simplify in itertools.product(
            [None, *LEVELS, SECRET_SLUG], [None, *slugs], [None, *PERIODS], [None, "10"]
        ):
            query = {"level": level, "indicator": indicator, "period": period, "simplify": simplify}
            yield f"{base}/areas.geojson?" + "&".join(f"{k}={v}" for k, v in query.items() if v)
        for indicator, level, area, period in itertools.product(
            [None, *slugs],
            [None, *LEVELS, SECRET_SLUG],
            [None, "0", "1", "11", SECRET_SLUG],
            [None, "2023"],
        ):
            query = {"indicator": indicator, "level": level, "area": area, "period": period}
            yield f"{base}/values?" + "&".join(f"{k}={v}" for k, v in query.items() if v)


def test_anonymous_api_never_shows_the_non_public_indicator(indicators):
    client = Client()
    count = 0
    for url in api_urls():
        response = client.get(url)
        assert_nothing_secret(url, response)
        count += 1
    assert count > 500


@pytest.mark.parametrize(
    "template",
    [
        BASE + "/indicators/{slug}",
        BASE + "/areas.geojson?indicator={slug}",
        BASE + "/areas.geojson?level=stadtteil&indicator={slug}&period=2023",
        BASE + "/values?indicator={slug}",
        BASE + "/values?indicator={slug}&area=11&period=2023",
    ],
)
def test_addressing_the_non_public_indicator_is_like_addressing_nothing(indicators, template):
    client = Client()
    secret = client.get(template.format(slug=SECRET_SLUG))
    unknown = client.get(template.format(slug=UNKNOWN_SLUG))
    assert secret.status_code == unknown.status_code == 404
    assert secret.content == unknown.content
    assert secret.json() == {"detail": "Indikator nicht gefunden."}


def test_anonymous_lists_only_public_indicators_and_values(indicators):
    client = Client()
    slugs = {i["slug"] for i in client.get(f"{BASE}/indicators").json()}
    assert slugs == set(PUBLIC_INDICATORS)
    rows = client.get(f"{BASE}/values?limit=10000").json()["items"]
    assert {r["indicator"] for r in rows} == set(PUBLIC_INDICATORS)


@pytest.fixture
def fachamt_elsewhere(indicators) -> Client:
    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    user = User.objects.create_user(
        username="fachamt-anderswo", role=Role.FACHAMT, municipality=other
    )
    client = Client()
    client.force_login(user)
    return client


def test_fachamt_of_another_municipality_cannot_see_it(fachamt_elsewhere):
    for url in api_urls():
        assert_nothing_secret(url, fachamt_elsewhere.get(url))
    assert fachamt_elsewhere.get(f"{BASE}/indicators/{SECRET_SLUG}").status_code == 404


def test_stadtrat_of_the_same_municipality_can_see_it(client_for, indicators):
    client = client_for(Role.STADTRAT)
    detail = client.get(f"{BASE}/indicators/{SECRET_SLUG}")
    assert detail.status_code == 200
    assert detail.json()["name"] == SECRET_NAME
    rows = client.get(f"{BASE}/values?indicator={SECRET_SLUG}").json()["items"]
    assert {(r["area"], r["value"]) for r in rows} == {("11", 42.0)}
    geojson = client.get(f"{BASE}/areas.geojson?level=stadtteil&indicator={SECRET_SLUG}")
    values = {f["id"]: f["properties"]["value"] for f in json.loads(geojson.content)["features"]}
    assert values["11"] == 42.0


def test_openapi_document_is_public_and_names_no_non_public_data(indicators):
    client = Client()
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert SECRET_NAME not in response.content.decode()
    assert SECRET_SLUG not in response.content.decode()
    assert client.get("/api/docs").status_code == 200


# --- Every page of the site, whatever it is by the time the tests run -------------------

SKIPPED_PREFIXES = ("admin/", "static/")
# Query strings a page might read; each is tried on every page.
QUERY_VARIANTS = [
    "",
    f"?indicator={SECRET_SLUG}",
    f"?indicator={SECRET_SLUG}&level=stadtteil&period=2023&area=11",
    "?q=Interne",
]
MAX_COMBINATIONS_PER_PATTERN = 150
_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def url_templates(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every URL pattern as a template "a/<conv:name>/b", resolvers flattened."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        part = _as_route(str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from url_templates(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            yield prefix + part


def _as_route(pattern: str) -> str:
    """A regex pattern (re_path) in the route syntax of path(); routes stay as they are."""
    if not (pattern.startswith("^") or pattern.endswith("$")):
        return pattern
    route = _REGEX_GROUP.sub(lambda m: f"<str:{m['name']}>", pattern.strip("^$"))
    return route.replace("\\.", ".").replace("\\-", "-")


def candidates(name: str, converter: str, data: dict[str, Any]) -> list[str]:
    """Plausible values for a path parameter, chosen by its name; the secret in every slot."""
    name = name.lower()
    if converter == "int" or name == "pk" or name.endswith("id"):
        return [str(i) for i in data["ids"]]
    if _names_the_municipality(name):
        found = ["teststadt"]
    elif "level" in name or "ebene" in name:
        found = list(LEVELS)
    elif "indicator" in name or "indikator" in name:
        found = list(PUBLIC_INDICATORS)
    elif name in ("code", "area", "gebiet") or "area" in name:
        found = list(AREA_CODES)
    elif "period" in name or "year" in name or "jahr" in name:
        found = list(PERIODS)
    elif name == "name":  # the exporters' own address: /<slug>/exporte/<name>.<fmt>
        found = [exporter.identifier for exporter in exporters()]
    elif name == "fmt":
        found = sorted({f for exporter in exporters() for f in exporter.formats})
    else:
        found = ["teststadt", *LEVELS, *AREA_CODES, *PUBLIC_INDICATORS, *PERIODS]
    return [SECRET_SLUG, *found]


def _names_the_municipality(name: str) -> bool:
    return name in ("slug", "municipality", "kommune") or "municipality" in name


def concrete_urls(template: str, data: dict[str, Any]) -> Iterator[str]:
    params = list(_CONVERTER.finditer(template))
    if not params:
        yield "/" + template
        return
    choices = [candidates(m["name"], m["converter"] or "str", data) for m in params]
    for combination in itertools.islice(
        _combinations(params, choices), MAX_COMBINATIONS_PER_PATTERN
    ):
        pieces = _CONVERTER.split(template)
        # split() yields text, converter, name, text, ...: put a value in place of each pair.
        url = "".join(
            pieces[i] + (combination[i // 3] if i + 1 < len(pieces) else "")
            for i in range(0, len(pieces), 3)
        )
        yield "/" + url


def _combinations(params: list[re.Match], choices: list[list[str]]) -> Iterator[tuple[str, ...]]:
    """Every combination of the candidates, except that an unknown municipality is tried
    once per pattern, not with every value of the other places: the page is not found
    before anything else is read (a third of the walks' requests went there)."""
    for combination in itertools.product(*choices):
        foreign = any(
            _names_the_municipality(param["name"].lower()) and value == SECRET_SLUG
            for param, value in zip(params, combination, strict=True)
        )
        firsts = all(
            value == options[0] for value, options in zip(combination, choices, strict=True)
        )
        if not foreign or firsts:
            yield combination


@pytest.fixture
def walk_data(indicators) -> dict[str, Any]:
    secret = indicators[SECRET_SLUG]
    trail = AuditEntry.objects.filter(model="areas.Indicator", object_id=str(secret.pk))
    ids = {secret.pk, *trail.values_list("pk", flat=True)}
    ids |= {i.pk for i in indicators.values()}
    ids |= {a.pk for a in secret.municipality.areas.all()}
    ids |= {secret.municipality_id, 999_999}
    return {"ids": sorted(ids)}


@pytest.mark.long
def test_no_page_errs_or_shows_the_non_public_indicator_to_the_public(walk_data):
    client = Client(raise_request_exception=False)
    templates = [t for t in url_templates() if not t.startswith(SKIPPED_PREFIXES)]
    unreadable = [t for t in templates if re.search(r"[()\[\]*+?\\]", t)]
    assert unreadable == [], "Der Seitenwanderer versteht diese URL-Muster nicht: erweitern"
    problems: list[str] = []
    visited = 0
    for template in templates:
        for url in concrete_urls(template, walk_data):
            for query in QUERY_VARIANTS:
                try:
                    response = client.get(url + query, follow=True)
                except Exception as exc:  # a redirect loop, an error outside the view
                    problems.append(f"{url}{query}: {type(exc).__name__}: {exc}")
                    continue
                visited += 1
                text = body_of(response).decode("utf-8", errors="replace")
                if response.status_code >= 500:
                    problems.append(f"{url}{query}: {response.status_code} {response.exc_info}")
                if SECRET_NAME in text:
                    problems.append(f"{url}{query}: zeigt „{SECRET_NAME}“")
                if query == "" and response.status_code == 404:
                    break  # no such page: a query string asks a page that is not there
    assert problems == []
    assert visited > 100
