"""axe-core over every page of every role, at 1366 and at 390 px (issue 16, Done-when 1).

On the demo (both cities, loaded once for the one test), each role – the public, the
provider (``traeger``), the Fachamt, the council member and the planning unit – gets one
browser context, logs in as a person would and walks the site like the role crawl does
(tests/test_role_crawl.py): the URLconf's patterns filled with the demo's municipality,
then every link found on the way, one page per route pattern; a route an earlier role has
checked is left to it, except the start pages, but its links for this role are read from
its HTML (the planning unit's edit pages hang off pages the public walk checked). Pages no
link of the demo leads to get one record each (an intake draft, a failed import, a bulk
job); the 404 page and the invalid-link page are checked with their status. On each page
axe-core (``axe-playwright-python``) runs at 1366 px, then – the same page, only the
viewport changed – at 390 px; no table may be wider than its container at 1366 px, and
nothing may push the page sideways at 390 px. Screenshots of both widths go to
test-artifacts/screenshots/axe/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.site_pages import (
    ERROR_PAGES,
    NOT_A_PAGE,
    pages_without_links,
    route_of,
    seeds,
    unchecked_routes,
)

from .conftest import SCREENSHOTS, WAIT_MS

# One run is enough: the pages do not depend on the database (Makefile: the PostgreSQL run
# leaves the walk out), and it is the suite's longest browser test.
pytestmark = [pytest.mark.browser, pytest.mark.axe]

ROLES = ["anonym", "traeger", "fachamt", "stadtrat", "planung"]
WIDE, NARROW = 1366, 390
# axe's rules for WCAG 2.0/2.1 A and AA and its best practices (landmarks, headings).
AXE_OPTIONS = json.dumps(
    {
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
        "resultTypes": ["violations"],
    }
)
# A page on which axe does not answer within 20 s is a finding, not a hung suite.
RUN_AXE = f"""async () => {{
  const late = new Promise(done => setTimeout(() => done(null), 20000));
  const r = await Promise.race([axe.run(document, {AXE_OPTIONS}), late]);
  if (r === null) return ["axe: keine Antwort nach 20 s"];
  return r.violations.map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}}"""
# Tables wider than the box they sit in: cut off, or pushing the page sideways.
WIDE_TABLES = """() => [...document.querySelectorAll("main table")]
  .filter(t => t.offsetParent !== null && t.scrollWidth > t.parentElement.clientWidth + 1)
  .map(t => (t.caption ? t.caption.textContent.trim() : t.className || "table")
       + " " + t.scrollWidth + ">" + t.parentElement.clientWidth)"""
# At 390 px, what pushes the page sideways (a heading's long compound, a fieldset or a
# select wider than the screen, the letter's head): the outermost elements past the
# right edge that no scroll box holds. A table scrolling inside its box is fine.
PAST_THE_EDGE = """() => {
  const edge = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= edge + 1) return [];
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement)
    if (/auto|scroll|hidden/.test(getComputedStyle(p).overflowX)) return true; return false; };
  const past = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > edge + 1 && !scrolls(el));
  return past.filter(el => !past.includes(el.parentElement)).slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
         + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "")
         + " " + Math.round(el.getBoundingClientRect().right) + ">" + edge);
}"""
# Checked for every role: the start pages, whose header and navigation depend on it.
ALWAYS = {"", "<slug:slug>/"}
LINKS = """() => [...document.querySelectorAll("a[href^='/']")].map(a => a.getAttribute("href"))"""
HREFS = re.compile(r'href="(/[^"#]*)"')


def log(*lines: str) -> None:
    """Progress and findings as they come, for the developer watching a long walk."""
    with (SCREENSHOTS / "axe" / "verlauf.txt").open("a", encoding="utf-8") as out:
        out.writelines(f"{line}\n" for line in lines)


def links_without_rendering(page, url: str) -> list[str]:
    """The links of a page another role's walk has checked, read from its HTML alone
    (no rendering, no axe): its links for this role lead to pages only this role reaches
    (the planning unit's "Bearbeiten" on a measure the public walk checked)."""
    response = page.request.get(url)
    if not response.ok or "text/html" not in response.headers.get("content-type", ""):
        return []
    return [href.replace("&amp;", "&") for href in HREFS.findall(response.text())]


@dataclass
class Walk:
    role: str
    pages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def log_in(page, username: str) -> None:
    import base64

    from django_otp.oath import totp

    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    if "/anmelden/code/" in page.url:  # the planning unit confirms its second factor
        key = base64.b32decode(settings.DEMO_TOTP_SECRET)
        page.get_by_label("Code aus der App").fill(f"{totp(key):06d}")
        with page.expect_navigation():
            page.get_by_role("button", name="Bestätigen").click()
    assert "/anmelden/" not in page.url, f"{username}: login failed at {page.url}"


def walk(page, role: str, axe_script: str, checked: set[str], extra: list[str]) -> Walk:
    """Seeds first, then the links found, one page per route; every page checked.

    A route another role's walk has checked already is not checked again (the same
    template, the same findings), except the start pages, where the header and the
    navigation differ by role; so the walk covers every route any role reaches, once.
    """
    done = Walk(role)
    queue = [*seeds(), *extra]
    seen: set[str] = set()
    tried: dict[str, int] = {}
    routes: set[str] = {r for r in checked if r not in ALWAYS}
    own: set[str] = set()
    folder = SCREENSHOTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    while queue:
        url = queue.pop(0)
        route = route_of(url)
        if url in seen or NOT_A_PAGE.search(urlsplit(url).path) or route is None:
            continue
        seen.add(url)
        if route in routes and route not in own:
            # Checked by another role: only its links, once per route.
            own.add(route)
            queue += [u for u in links_without_rendering(page, url) if u not in seen]
            continue
        # A route whose example failed for this role (403, 404, a form's POST target) gets
        # up to two more examples.
        if route in routes or tried.get(route, 0) >= 3:
            continue
        tried[route] = tried.get(route, 0) + 1
        log(f"{role} {url}")
        page.set_viewport_size({"width": WIDE, "height": 900})
        response = page.goto(url)
        if response is None or response.status != ERROR_PAGES.get(url, 200):
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        landed = route_of(page.url)
        # After a redirect (the login page for a visitor without access) the page checked
        # is where it landed: the route asked for stays open for a role that gets it.
        if landed in routes:
            continue
        routes.add(landed)
        own.add(landed)
        checked.add(landed)
        done.pages.append(url)
        if page.locator("[data-map]").count():
            page.wait_for_selector("[data-map][data-loaded]")
        page.evaluate(axe_script)
        name = f"{role}-{len(done.pages):02d}-" + re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")
        for width in (WIDE, NARROW):
            page.set_viewport_size({"width": width, "height": 900})
            # The page's resize handlers (what scrolls sideways becomes a tab stop) run
            # before the next frame: axe checks the page as a reader at this width gets it.
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
            found = [f"{url} @{width}: {v}" for v in page.evaluate(RUN_AXE)]
            if width == WIDE:
                found += [f"{url}: Tabelle zu breit: {t}" for t in page.evaluate(WIDE_TABLES)]
            else:
                found += [f"{url}: über den Rand: {e}" for e in page.evaluate(PAST_THE_EDGE)]
            log(*found)
            done.problems += found
            # JPEG: a long page's PNG takes a second to encode, this a fraction of it. The
            # whole page at 1366 px; at 390 px what a phone shows first.
            page.screenshot(
                path=str(folder / f"{name}-{width}.jpg"), full_page=width == WIDE, quality=60
            )
        queue += [u for u in page.evaluate(LINKS) if u not in seen]
    return done


MAP = "/dresden/karte/?indikator=auslaenderanteil&ebene=stadtteil&zeitraum=2023"
# From the top of the map page to Leuben's row in the data table (Done-when 2): the
# site's skip link, the map page's skip link to the map, the first letters of the name
# in the map, Enter to the area's row.
KEYS = ["Tab", "Enter", "Tab", "Enter", "l", "e", "u", "Enter"]


def reach_leuben_by_keyboard(page) -> str:
    """The text of the link focused after KEYS on the map page."""
    page.goto(MAP)
    page.wait_for_selector("#karte[data-loaded=true]")
    for key in KEYS:
        page.keyboard.press(key)
    return page.evaluate(
        "() => document.activeElement.closest('tr[data-code]') ? "
        "document.activeElement.textContent : document.activeElement.outerHTML.slice(0, 120)"
    )


@pytest.mark.long
def test_every_page_of_every_role_passes_axe(browser, live_server, live_demo):
    from axe_playwright_python.sync_playwright import Axe

    from sozialplanung.core.models import Municipality, User

    axe_script = Axe().axe_script
    (SCREENSHOTS / "axe").mkdir(parents=True, exist_ok=True)
    extra = pages_without_links(
        Municipality.objects.get(slug="dresden"), User.objects.get(username="planung")
    )
    walks = []
    checked: set[str] = set()
    for role in ROLES:
        # bypass_csp: axe is injected as a script, which the site's policy rightly refuses.
        context = browser.new_context(
            base_url=live_server.url,
            locale="de-DE",
            bypass_csp=True,
            viewport={"width": WIDE, "height": 900},
        )
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        if role == "anonym":
            assert len(KEYS) < 10
            assert reach_leuben_by_keyboard(page) == "61 Leuben"
            shot_path = SCREENSHOTS / "axe" / "karte-tastatur-leuben.jpg"
            page.screenshot(path=str(shot_path), quality=60)
        else:
            log_in(page, role)
        walks.append(walk(page, role, axe_script, checked, extra))
        context.close()
        walks[-1].problems += [f"JavaScript: {e}" for e in errors]
    listing = "\n".join(f"{w.role}: {len(w.pages)} Seiten: {' '.join(w.pages)}" for w in walks)
    (SCREENSHOTS / "axe" / "seiten.txt").write_text(listing + "\n", encoding="utf-8")
    # Every finding fails the walk: nothing is tolerated.
    problems = [f"{w.role}: {p}" for w in walks for p in w.problems]
    assert problems == [], "\n".join(problems)
    # The walk reached the pages of each role: the public sees fewer than the staff.
    counts = {w.role: len(w.pages) for w in walks}
    assert counts["anonym"] >= 10 and all(counts.values()) and len(checked) >= 30, counts
    # Every page of the site, by route: none left out.
    assert unchecked_routes(checked) == set()
