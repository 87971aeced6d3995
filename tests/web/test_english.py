"""The English interface is English: no German words outside the data (issue 16).

With English chosen (the language cookie the header's switch sets), each role walks the
pages as the axe walk does (tests/e2e/test_axe_every_page.py: the pages of the
municipality, then the links found, one page per route; a route an earlier role saw is
left to it, except the start pages) with Django's test client on the demo (``full_demo``).
Every page's visible text (and the texts a screen reader reads: ``aria-label``,
``title``, ``alt``, ``placeholder``) must contain none of a few frequent German words.

What the data say stays as the data say: every text value in the database (area, offer,
indicator names, council papers …) is masked before the check, except values that are
a model field's code-defined default (the offer category's unit "Plätze"): those come
from the code and need a translation. Elements marked ``lang="de"`` (the switch's
"Deutsch") are German on purpose.

The walk also looks every msgid up in the German catalog (``missing`` of
test_untranslated.py): no page renders a text that has no German translation.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client

from sozialplanung.core.models import User
from tests.e2e.test_axe_every_page import ALWAYS, ROLES
from tests.site_pages import NOT_A_PAGE, route_of, seeds
from tests.web.test_untranslated import missing  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

# Frequent German function words, interface nouns and class names, as whole words. Umlauts and ß
# catch most of the rest (no English word has them).
GERMAN = re.compile(
    r"\b(der|die|das|und|nicht|keine|kein|mit|für|oder|nach|von|zum|zur|bei|ist|sind|wird"
    r"|Plätze|Einwohner|Maßnahmen?|Beschlu(?:ss|ß)|Angebote?|Gebiete?|Zeitraum|Bedarfe?"
    r"|Träger|Stadtteile?n?|Woche|Jahr|hoch|mittel|niedrig|stabil|positiv|negativ)\b|[äöüÄÖÜß]"
)
# Attributes read out or shown in place of text.
SPOKEN = ("aria-label", "title", "alt", "placeholder")


def data_texts() -> list[str]:
    """Every German-looking text value in the database, longest first (a name containing
    another name is masked whole), except the code's defaults: a value the code itself
    fills in ("Plätze") is the code's text wherever it appears, and needs a translation."""
    found: set[str] = set()
    defaults: set[str] = set()
    for app in apps.get_app_configs():
        if not app.name.startswith("sozialplanung"):
            continue
        for model in app.get_models():
            for f in model._meta.concrete_fields:
                if not isinstance(f, models.CharField | models.TextField) or f.choices:
                    continue
                if isinstance(f.default, str):
                    defaults.add(f.default)
                # The base manager: default managers hide rows (forecast values).
                rows = model._base_manager.values_list(f.attname, flat=True).distinct()
                found.update(" ".join(v.split()) for v in rows if v and GERMAN.search(v))
    return sorted(found - defaults, key=len, reverse=True)


def english_text(html: str) -> list[str]:
    """Visible text nodes and spoken attributes, without German-marked elements."""
    tree = lxml.html.fromstring(html)
    for gone in tree.xpath("//script|//style|//template|//*[@lang='de']|//*[@hidden]"):
        gone.drop_tree()
    texts = [" ".join(t.split()) for t in tree.xpath("//body//text()")]
    for name in SPOKEN:
        texts += [" ".join(v.split()) for v in tree.xpath(f"//body//@{name}")]
    return [t for t in texts if t]


def german_in(texts: list[str], data: list[str]) -> list[str]:
    """The texts with a German word left once the data's values are masked."""
    found = []
    for text in texts:
        if not GERMAN.search(text):
            continue
        masked = _mask_shortened(text, data)
        for value in data:
            if value in masked:
                # Whole words only: a German inflection of a data value ("Stadtteilen" of
                # the level "Stadtteile") is the code's grammar, not the data.
                masked = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "·", masked)
        if GERMAN.search(masked):
            found.append(masked)
    return found


def _mask_shortened(text: str, data: list[str]) -> str:
    """Data values cut short with "…" (``truncatechars``) masked too."""
    while "…" in text and GERMAN.search(text):
        before, after = text.split("…", 1)
        for value in data:
            cut = next((k for k in range(len(value), 5, -1) if before.endswith(value[:k])), 0)
            if cut:
                before = before[:-cut]
                break
        text = f"{before}·{after}"
    return text


def client_in_english(username: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if username != "anonym":
        client.force_login(User.objects.get(username=username))
    return client


def walk(client: Client, checked: set[str]) -> dict[str, str]:
    """The axe walk's pages for one role: url -> HTML."""
    queue, seen, pages = seeds(), set(), {}
    while queue:
        url = queue.pop(0)
        route = route_of(url)
        if url in seen or route is None or NOT_A_PAGE.search(urlsplit(url).path):
            continue
        seen.add(url)
        if route in checked and route not in ALWAYS:
            continue
        response = client.get(url)
        if response.status_code in (301, 302):
            # A page this role may not open sends it to the login: the route is left to
            # a role that may (the axe walk, following the redirect, leaves it to none).
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked.add(route)
        html = response.content.decode()
        pages[url] = html
        queue += [u.replace("&amp;", "&") for u in re.findall(r'href="(/[^"#]*)', html)]
    return pages


def test_the_english_interface_shows_no_german_outside_the_data(full_demo, missing):  # noqa: F811
    data = data_texts()
    checked: set[str] = set()
    problems, visited = [], 0
    for username in ROLES:
        pages = walk(client_in_english(username), checked)
        visited += len(pages)
        for url, html in pages.items():
            assert '<html lang="en"' in html, url
            problems += [f"{username} {url}: {t}" for t in german_in(english_text(html), data)]
    # The error page in the site's layout, which no link leads to.
    page = client_in_english("anonym").get("/no-such-page/")
    assert page.status_code == 404
    problems += [f"anonym 404: {t}" for t in german_in(english_text(page.content.decode()), data)]
    assert visited > 60
    # Each text once (numbers aside), with the first page it was found on.
    first = {re.sub(r"\d+", "N", p.split(": ", 1)[1]): p for p in reversed(problems)}
    assert not first, "\n".join(sorted(first.values()))
    # The same walk covers every page for the German catalog: no msgid without German.
    assert not missing, "\n".join(sorted(missing))
