"""The Sozialraumbericht on the Dresden demo (issue 18, item 7 and Done-when 2).

The report is checked against what the pages show: the public gap page's table (its
HTML) for every category, the names of every Stadtbezirk and planning domain, and the
withheld cells ("•") of the public edition read back from the DOCX.
"""

from __future__ import annotations

import html
import io
import re
from urllib.parse import urlencode

import docx
import pytest
from django.test import Client

from sozialplanung.areas.models import Area, PlanningDomain
from sozialplanung.core.models import AuditEntry, Municipality, User
from sozialplanung.measures.models import Evidence
from sozialplanung.measures.sozialraumbericht import PUBLIC, build_report
from sozialplanung.measures.sozialraumbericht_files import docx_bytes, pdf_bytes
from sozialplanung.measures.sozialraumbericht_form import report_form
from sozialplanung.needs.compute import parameterised_categories
from sozialplanung.needs.forecast import ForecastYear, option_value, year_choices
from sozialplanung.needs.models import Scenario
from tests.reports.reading import docx_paragraphs, pdf_text

pytestmark = pytest.mark.django_db

URL = "/dresden/massnahmen/sozialraumbericht/"
WITHHELD = "•"


@pytest.fixture
def dresden(full_demo) -> Municipality:
    return Municipality.objects.get(slug="dresden")


def docx_cells(data: bytes) -> dict[tuple[str, str], list[str]]:
    """{(Sozialraum heading, category): its row} of the category tables, in the order
    of the document: the last level-2 heading names the Sozialraum."""
    document = docx.Document(io.BytesIO(data))
    tables = iter(document.tables)
    heading, rows = "", {}
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            if paragraph.style.name == "Heading 2":
                heading = paragraph.text
        elif element.tag.endswith("}tbl"):
            table = next(tables)
            for row in table.rows[1:]:
                cells = [c.text for c in row.cells]
                rows[(heading, cells[0])] = cells
    return rows


def page_scores(client: Client, category_slug: str, forecast: str) -> dict[str, str]:
    """{area code: gap score as shown} of the gap page's table at Stadtbezirk level."""
    query = urlencode({"kategorie": category_slug, "ebene": "stadtbezirk", "prognose": forecast})
    page = client.get(f"/dresden/bedarf/luecken/?{query}")
    assert page.status_code == 200
    rows = re.findall(
        r'<th scope="row">.*?<a href="/dresden/gebiete/stadtbezirk/([^/"]+)/">[^<]+</a></th>'
        r'\s*<td class="num">([^<]+)',
        page.content.decode(),
        flags=re.S,
    )
    return {html.unescape(code): score.strip() for code, score in rows}


def test_public_edition_with_forecast_year(dresden):
    """Done-when 2: Dresden 2024 with forecast year 2030. Every Stadtbezirk and domain in
    both files; the gap scores are the public gap pages' for 2030; withheld cells stay
    withheld; no internal record."""
    (period, variant) = next(c for c in year_choices(dresden) if c[0] == "2030")
    forecast = ForecastYear(period, variant)
    report = build_report(dresden, None, period="2024", edition=PUBLIC, variation=forecast)
    data = docx_bytes(report)
    paragraphs = " ".join(docx_paragraphs(data))
    # pypdf reads hyphens as soft hyphens; one before a space breaks a word at a line end.
    text = " ".join(pdf_text(pdf_bytes(report)).split())
    text = re.sub(r"\xad\s", "", text).replace("\xad", "-")
    names = list(
        Area.objects.filter(municipality=dresden, level__slug="stadtbezirk").values_list(
            "name", flat=True
        )
    )
    domains = list(
        PlanningDomain.objects.filter(municipality=dresden).values_list("name", flat=True)
    )
    assert len(names) == 10 and len(domains) == 4
    for name in names:
        assert f"Stadtbezirk {name}" in paragraphs and f"Stadtbezirk {name}" in text
    for domain in domains:
        assert paragraphs.count(domain) >= len(names) and domain in text
    # Every domain has a gap analysis in the demo, computed for 2030.
    assert {a.category.domain.name for a in report.analyses} == set(domains)
    assert all(a.variation == forecast for a in report.analyses)
    assert forecast.label in paragraphs

    cells = docx_cells(data)
    anonymous = Client()
    withheld = 0
    # One category per domain: each gap page computes its analysis twice (2030 and today).
    firsts = {c.domain_id: c for c in reversed(parameterised_categories(dresden))}
    for category in firsts.values():
        shown = page_scores(anonymous, category.slug, option_value(period, variant))
        for section in report.sections:
            (part,) = [p for p in section.domains if p.domain.id == category.domain_id]
            (entry,) = [c for c in part.categories if c.category.id == category.id]
            row = cells[(f"Stadtbezirk {section.area.name}", category.name)]
            # The report's gap score is the page's, "•" where the page withholds it.
            assert row[3] == entry.score == shown[section.area.code]
            if entry.withheld:
                withheld += 1
                assert row[1:] == [WITHHELD, entry.reference, *[WITHHELD] * 3, "–", "–"]
    # The demo's public gap pages withhold cells (providers' capacity): the case is real.
    assert withheld > 0

    hidden = Evidence.objects.get(municipality=dresden, visibility="nicht_oeffentlich")
    assert hidden.title not in paragraphs
    assert "Trägern gemeldete Bedarfe" not in paragraphs


def test_internal_edition_for_staff_only(dresden):
    planner = Client()
    planner.force_login(User.objects.get(username="planung"))
    answer = planner.get(URL + "bericht.docx?jahr=2024&ausgabe=intern")
    assert answer.status_code == 200
    assert answer["Content-Disposition"].endswith('Sozialraumbericht_dresden_2024_intern.docx"')
    paragraphs = docx_paragraphs(answer.content)
    hidden = Evidence.objects.get(municipality=dresden, visibility="nicht_oeffentlich")
    assert any(hidden.title in p for p in paragraphs)
    assert "Von Trägern gemeldete Bedarfe (intern)" in paragraphs
    # The demo's need reports (Pieschen, Sozialberatung and others) are listed.
    reports = [t.cell(0, 0).text for t in docx.Document(io.BytesIO(answer.content)).tables]
    assert "Träger" in reports

    anonymous = Client()
    options = anonymous.get(URL).content
    assert b"intern" not in re.search(rb'<select name="ausgabe".*?</select>', options, re.S).group()
    assert anonymous.get(URL + "bericht.pdf?ausgabe=intern").status_code == 302  # to the login
    traeger = Client()
    traeger.force_login(User.objects.get(username="traeger"))
    refused = traeger.get(URL + "bericht.pdf?ausgabe=intern")
    assert refused.status_code == 400 and "nur für Mitarbeitende" in refused.content.decode()
    wrong = anonymous.get(URL + "bericht.pdf?jahr=1999")
    assert wrong.status_code == 400 and "Jahr" in wrong.content.decode()


def test_evidence_list_is_edited_by_the_planning_unit_and_audited(dresden):
    planner = Client()
    planner.force_login(User.objects.get(username="planung"))
    new = "/dresden/massnahmen/erkenntnisse/neu/"
    missing = planner.post(new, {"publisher": "DJI", "year": "2021", "visibility": "oeffentlich"})
    assert missing.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich" in missing.content.decode()
    assert 'value="DJI"' in missing.content.decode()  # the form keeps what was typed
    saved = planner.post(
        new,
        {
            "title": "Kinder- und Jugendreport",
            "publisher": "DAK",
            "year": "2022",
            "visibility": "oeffentlich",
        },
    )
    assert saved.status_code == 302
    entry = Evidence.objects.get(municipality=dresden, title="Kinder- und Jugendreport")
    assert AuditEntry.objects.filter(model="measures.Evidence", object_id=str(entry.pk)).exists()
    listing = planner.get("/dresden/massnahmen/erkenntnisse/")
    assert "Kinder- und Jugendreport" in listing.content.decode()
    traeger = Client()
    traeger.force_login(User.objects.get(username="traeger"))
    assert traeger.get("/dresden/massnahmen/erkenntnisse/").status_code == 404
    assert traeger.post(new, {"title": "x"}).status_code == 404


def test_a_scenario_only_for_the_planning_unit_and_the_internal_edition(dresden):
    planner = User.objects.get(username="planung")
    scenario = Scenario.objects.filter(municipality=dresden).first()
    assert scenario is not None, "the demo has an example scenario"
    chosen = {"jahr": "2024", "szenario": str(scenario.pk)}
    public = report_form({**chosen, "ausgabe": "oeffentlich"}, dresden, planner)
    assert not public.is_valid()
    assert public.errors["szenario"] == [
        "Ein Szenario ist intern: Bitte die interne Ausgabe wählen."
    ]
    forecast = option_value(*next(c for c in year_choices(dresden) if c[0] == "2030"))
    both = report_form({**chosen, "ausgabe": "intern", "prognose": forecast}, dresden, planner)
    assert not both.is_valid() and "szenario" in both.errors
    internal = report_form({**chosen, "ausgabe": "intern"}, dresden, planner)
    assert internal.is_valid(), internal.errors
    assert internal.variation().key == scenario.variation().key
    # An office worker reads the internal edition but gets no scenario to choose.
    office = report_form(
        {**chosen, "ausgabe": "intern"}, dresden, User.objects.get(username="fachamt")
    )
    assert "szenario" not in office.fields and office.variation() is None
