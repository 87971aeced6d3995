"""No canary string from a non-public or confidential paper reaches the public.

The secret papers of ``tests/council/conftest.py`` carry canaries in every text field,
in their resolutions, items and status reports. As an anonymous visitor we request
every URL pattern of the site (whatever exists when the tests run: pages, downloads
such as .pdf/.docx/.xlsx/.ics, the JSON API) and every object of the OParl server, and
look for the canaries in each body, after decoding PDF, DOCX and XLSX.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client

from sozialplanung.core.models import AuditEntry, Office
from sozialplanung.council.models import (
    AgendaItem,
    Body,
    Consultation,
    Meeting,
    Paper,
    Resolution,
    ResolutionItem,
    StatusLetter,
    StatusReport,
)
from sozialplanung.offers.models import Offer, Provider

from .council.conftest import CANARIES, bodies, offices, secret_papers, v2696  # noqa: F401
from .council.oparl_check import crawl
from .offers.conftest import (  # noqa: F401
    CANARY_INTERNAL,
    categories,
    offers,
    providers,
    target_groups,
)
from .test_visibility import (
    SKIPPED_PREFIXES,
    api_urls,
    body_of,
    concrete_urls,
    url_templates,
)

DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".ics", ".csv")


def readable_text(response: Any) -> str:
    """The body as text; PDF, DOCX and XLSX decoded first (canaries hide in zip/streams)."""
    data = body_of(response)
    kind = response.get("Content-Type", "")
    parts = [data.decode("utf-8", errors="replace")]
    if data.startswith(b"%PDF") or "pdf" in kind:
        from pypdf import PdfReader

        parts += [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    elif "wordprocessingml" in kind:
        import docx

        document = docx.Document(io.BytesIO(data))
        parts += [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    elif "spreadsheetml" in kind:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                parts += [str(v) for v in row if v is not None]
    elif "application/zip" in kind:  # the HSDS package: JSON and CSV members
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts += [package.read(n).decode("utf-8", "replace") for n in package.namelist()]
    return "\n".join(parts)


@pytest.fixture
def canary_data(v2696, secret_papers, indicators, offers) -> dict[str, Any]:  # noqa: F811
    """Ids of every council and offer record, secret ones first, for the pattern walker.

    The offer fixtures plant CANARY_INTERNAL in internal fields (funding, need reports).
    """
    ids: set[int] = {999_999}
    for model in (
        Paper,
        Resolution,
        ResolutionItem,
        StatusReport,
        StatusLetter,
        Meeting,
        AgendaItem,
        Consultation,
        Body,
        Office,
        Offer,
        Provider,
    ):
        ids |= set(model.objects.values_list("pk", flat=True))
    ids |= set(AuditEntry.objects.values_list("pk", flat=True)[:50])
    return {"ids": sorted(ids)}


@pytest.mark.long
def test_no_canary_reaches_the_public(canary_data):
    client = Client(raise_request_exception=False)
    leaks: list[str] = []
    visited: set[str] = set()

    def check(url: str, response: Any) -> None:
        text = readable_text(response)
        leaks.extend(f"{url}: {c}" for c in (*CANARIES, CANARY_INTERNAL) if c in text)

    templates = [t for t in url_templates() if not t.startswith(SKIPPED_PREFIXES)]
    for template in templates:
        for url in concrete_urls(template, canary_data):
            if url in visited:
                continue
            visited.add(url)
            response = client.get(url, follow=True)
            check(url, response)
    for url in api_urls():
        check(url, client.get(url))
    oparl = crawl(client)
    for url, response in oparl.items():
        check(url, response)
    assert leaks == []
    assert len(visited) > 100
    assert len(oparl) > 20
    secret = Paper.objects.exclude(visibility="oeffentlich").values_list("pk", flat=True)
    assert {f"/teststadt/gremien/vorlagen/{pk}/" for pk in secret} <= visited


def test_download_links_on_public_pages_leak_nothing(canary_data):
    """Downloads the public pages link to (.ics, .pdf …), with their query strings."""
    client = Client()
    leaks = []
    pages = ["/", "/teststadt/", "/teststadt/gremien/"]
    links: set[str] = set()
    for page in pages:
        html = client.get(page, follow=True).content.decode("utf-8", errors="replace")
        links |= {
            href
            for href in re.findall(r'href="(/[^"]+)"', html)
            if href.split("?")[0].endswith(DOWNLOAD_SUFFIXES)
        }
    for link in sorted(links):
        response = client.get(link.replace("&amp;", "&"), follow=True)
        text = readable_text(response)
        leaks += [f"{link}: {c}" for c in (*CANARIES, CANARY_INTERNAL) if c in text]
    assert leaks == []
