"""Browser tests: Playwright (sync API) driving Debian's Chromium against live_server.

One browser per session, a fresh context (cookies, storage) per test. Every test saves
screenshots to test-artifacts/screenshots/ for the developer to look at.

Playwright's ``click()`` does not wait for what it starts, and ``wait_for_load_state()``
after it returns at once while the old page is still loaded. So a click that loads a page
stands in ``with page.expect_navigation():``, and what a click or a script changes on the
page is asserted with ``expect(locator)`` (``to_have_text``, ``to_have_count``,
``to_be_visible``), which retries; never ``all_inner_texts()``, ``count()`` or
``is_visible()`` right after a click (a CI run once read the old page's links as none).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# inside one unless told that this is fine (it is: the loop is not ours to share).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# How long a click, a page load or an expect() waits before it fails. A passing test waits
# only as long as the page needs; the limit is for a machine shared with other runs (make
# test runs the suites beside other phases), where a page took over 10 s under load.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
        if "live_demo" in item.fixturenames:
            # The demo replaces every table's rows: before any other test fixture adds its
            # own, but after the session's (test settings such as the fast password hasher).
            names = [name for name in item.fixturenames if name != "live_demo"]
            defs = item._fixtureinfo.name2fixturedefs
            wider = [name in defs and defs[name][-1].scope != "function" for name in names]
            names.insert(wider.index(False) if False in wider else len(names), "live_demo")
            item.fixturenames[:] = names


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db, tasks_immediately):
    # The live server thread runs imports in the request (tasks_immediately): the test
    # then sees the result without waiting for a worker.
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def shot():
    """``shot(page, "name")`` saves a full-page screenshot."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


def finish_second_factor(page) -> None:
    """After the password, a login that needs a second factor lands on its setup page:
    read the key shown there, as an authenticator app would, and confirm its code."""
    import base64

    from django_otp.oath import totp

    if "/anmelden/zweiter-faktor/" not in page.url:
        return
    secret = page.get_by_test_id("secret").inner_text().replace(" ", "")
    page.get_by_label("Code aus der App").fill(f"{totp(base64.b32decode(secret)):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Bestätigen").click()


def log_in_with_password(page, username: str, password: str) -> None:
    """The login form, then the second factor where it is due. ``click()`` does not wait
    for the page it loads: the next page's URL and content are only there after it."""
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    finish_second_factor(page)


@pytest.fixture
def login(page, users):
    from tests.conftest import PASSWORD

    def do(role: str):
        log_in_with_password(page, users[role].username, PASSWORD)
        return users[role]

    return do


@pytest.fixture
def live_demo(transactional_db):
    """The whole demo, committed for the live server: loaded once per test process, then
    put back from its copy (tests/plugins/demo_copy.py) after each test's flush. It comes
    first among a test's fixtures (see above), so that theirs are added to the demo."""
    from django.conf import settings

    from tests.plugins.demo_copy import load_demo

    if not (settings.DEMO_DATA_DIR / "leipzig").exists():
        pytest.fail(f"Leipzig's open data is not at {settings.DEMO_DATA_DIR / 'leipzig'}")
    return load_demo()
