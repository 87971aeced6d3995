# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""The measures plan in a real browser: table, timeline, a measure with its key-figure
chart, at desktop and phone width, and a status recorded by the responsible office."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sozialplanung.measures.models import Measure, MeasureUpdate
from tests.e2e.conftest import log_in_with_password
from tests.measures.plan_fixtures import PASSWORD, build_plan, office_users
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.browser

PLAN = "/teststadt/massnahmen/fachplan-asyl/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def plan(municipality, areas, categories, offers):
    return build_plan(municipality, areas, categories, offers["mittag-nord"])


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def no_horizontal_page_scroll(page) -> bool:
    """Wide content (table, timeline) scrolls inside its box, not the whole page."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_plan_table_timeline_and_measure(page, shot, plan, console_errors):
    page.goto("/teststadt/massnahmen/")
    assert page.locator("[data-testid=total-fachplan-asyl]").inner_text() == "3"
    shot(page, "measures-plans")
    with page.expect_navigation():
        page.get_by_role("link", name="Fachplan Asyl und Integration").click()
    expect(page.get_by_role("heading", name="Fachplan Asyl und Integration")).to_be_visible()
    expect(page.locator("[data-testid=plan-table] [data-testid=measure-row]")).to_have_count(3)
    bars = page.locator("[data-testid=timeline] [data-testid=bar]")
    expect(bars).to_have_count(3)
    # bars run from left to right in time: 2022-Q3 (done) starts before 2023-Q1 (housing)
    housing = page.locator("[data-testid=timeline-row]", has_text="Wohnungen").locator(".gantt-bar")
    done = page.locator("[data-testid=timeline-row]", has_text="Ehrenamtsbörse").locator(
        ".gantt-bar"
    )
    assert done.bounding_box()["x"] < housing.bounding_box()["x"]
    assert housing.bounding_box()["width"] > done.bounding_box()["width"]
    assert (
        page.locator("[data-testid=timeline-row].is-overdue [data-testid=overdue-tail]").count()
        == 1
    )
    shot(page, "measures-plan")

    page.get_by_label("Status").select_option("umgesetzt")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").or_(
            page.get_by_role("button", name="Anzeigen")
        ).click()
    expect(page.locator("[data-testid=measure-row]")).to_have_count(1)
    assert "status=umgesetzt" in page.url
    shot(page, "measures-plan-filtered")

    page.goto(PLAN)
    with page.expect_navigation():
        page.locator("[data-testid=plan-table]").get_by_role(
            "link", name="Wohnungen für Geflüchtete"
        ).click()
    chart = page.locator("svg[data-chart=key-figure]")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    expect(page.locator("[data-testid=target-line]")).to_have_count(1)
    expect(page.locator("[data-testid=key-figure-table] tbody tr")).to_have_count(4)
    shot(page, "measures-measure")

    page.set_viewport_size(PHONE)
    page.goto(PLAN)
    assert no_horizontal_page_scroll(page)
    shot(page, "measures-plan-phone")
    page.goto(f"{PLAN}{plan['housing'].pk}/")
    assert no_horizontal_page_scroll(page)
    assert page.locator("svg[data-chart=key-figure]").bounding_box()["width"] <= PHONE["width"]
    shot(page, "measures-measure-phone")
    page.set_viewport_size(DESKTOP)
    assert page.js_errors == [] and console_errors == []


def test_responsible_office_records_a_status(page, shot, plan, municipality, console_errors):
    user = office_users(municipality)["Sozialamt"]
    log_in_with_password(page, user.username, PASSWORD)
    housing = plan["housing"]
    page.goto(f"{PLAN}{housing.pk}/")
    with page.expect_navigation():
        page.locator("[data-testid=update-link]").click()
    form = page.locator("[data-testid=update-form]")
    form.locator("#id_date").fill("31.02.2025")
    form.locator("#id_status").select_option("verzoegert")
    form.locator("#id_note").fill("Bauverzug beim Träger.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.get_by_text("Bitte ein gültiges Datum eingeben.")).to_be_visible()
    assert page.locator("#id_note").input_value() == "Bauverzug beim Träger."
    shot(page, "measures-status-form-error")
    page.locator("#id_date").fill("15.01.2025")
    with page.expect_navigation():
        page.locator("[data-testid=update-form] button[type=submit]").click()
    newest = page.locator("[data-testid=history] li").first.inner_text()
    assert "15.01.2025" in newest and "Bauverzug beim Träger." in newest
    shot(page, "measures-measure-after-status")
    housing.refresh_from_db()
    assert housing.status == Measure.Status.DELAYED
    assert MeasureUpdate.objects.filter(measure=housing).count() == 2
    assert page.js_errors == [] and console_errors == []


def test_planner_creates_a_measure_in_the_form(page, shot, plan, login, console_errors):
    login("sozialplanung")
    page.goto(f"{PLAN}neu/")
    page.locator("#id_field_of_action").select_option(label="Wohnen")
    page.locator("#id_number").fill("1.7")
    page.locator("#id_title").fill("Sprachcafé im Quartier")
    page.locator("#id_start_quarter").fill("I/2026")
    page.locator("#id_due_quarter").fill("Sommer")
    page.locator("#id_recurring_amount").fill("12.000")
    page.locator("#id_recurring_from").fill("2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Maßnahme speichern").click()
    assert page.locator("#id_title").input_value() == "Sprachcafé im Quartier"
    assert "Sommer" in page.locator("main").inner_text()
    shot(page, "measures-form-error")
    page.locator("#id_due_quarter").fill("IV/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Maßnahme speichern").click()
    created = Measure.objects.get(title="Sprachcafé im Quartier")
    assert (created.start_quarter, created.due_quarter) == ("2026-Q1", "2026-Q4")
    assert created.costs.get().amount == 12000
    shot(page, "measures-form-created")
    assert page.js_errors == [] and console_errors == []
