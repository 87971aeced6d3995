"""The Sozialraumbericht on the Dresden demo (issue 18, item 7 and Done-when 2).

The report is checked against what the pages show: the public gap page's table (its
HTML) for every category, the names of every Stadtbezirk and planning domain, and the
withheld cells ("•") of the public edition read back from the DOCX.
"""

from __future__ import annotations

import html
import io
import re

import docx
import pytest
from django.test import Client

from sozialplanung.areas.models import Area, PlanningDomain
from sozialplanung.core.models import AuditEntry, Municipality, User
from sozialplanung.measures.models import Evidence
from sozialplanung.measures.sozialraumbericht import INTERNAL, PUBLIC, build_report
from sozialplanung.measures.sozialraumbericht_files import docx_bytes, pdf_bytes
from sozialplanung.needs.compute import parameterised_categories
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


def page_scores(client: Client, category_slug: str) -> dict[str, str]:
    """{area code: gap score as shown} of the gap page's table at Stadtbezirk level."""
    page = client.get(f"/dresden/bedarf/luecken/?kategorie={category_slug}&ebene=stadtbezirk")
    assert page.status_code == 200
    rows = re.findall(
        r'<th scope="row">.*?<a href="/dresden/gebiete/stadtbezirk/([^/"]+)/">[^<]+</a></th>'
        r'\s*<td class="num">([^<]+)',
        page.content.decode(),
        flags=re.S,
    )
    return {html.unescape(code): score.strip() for code, score in rows}


def test_every_sozialraum_and_domain_in_both_files(dresden):
    report = build_report(dresden, None, period="2024", edition=PUBLIC)
    # pypdf reads hyphens as soft hyphens; one before a space breaks a word at a line end.
    text = " ".join(pdf_text(pdf_bytes(report)).split())
    text = re.sub(r"\xad\s", "", text).replace("\xad", "-")
    paragraphs = " ".join(docx_paragraphs(docx_bytes(report)))
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
        assert f"Stadtbezirk {name}" in paragraphs
        assert f"Stadtbezirk {' '.join(name.split())}" in text
    for domain in domains:
        assert paragraphs.count(domain) >= len(names)
        assert domain in text


def test_public_numbers_equal_the_gap_pages_and_withheld_stay_withheld(dresden):
    public = build_report(dresden, None, period="2024", edition=PUBLIC)
    cells = docx_cells(docx_bytes(public))
    anonymous = Client()
    withheld = 0
    for category in parameterised_categories(dresden):
        shown = page_scores(anonymous, category.slug)
        for section in public.sections:
            (part,) = [p for p in section.domains if p.domain.id == category.domain_id]
            (entry,) = [c for c in part.categories if c.category.id == category.id]
            row = cells[(f"Stadtbezirk {section.area.name}", category.name)]
            # The report's gap score is the page's, "•" where the page withholds it.
            assert row[3] == entry.score == shown[section.area.code]
            if entry.withheld:
                withheld += 1
                assert row[1:] == [
                    WITHHELD,
                    entry.reference,
                    WITHHELD,
                    WITHHELD,
                    WITHHELD,
                    "–",
                    "–",
                ]
    # The demo's public gap pages withhold cells (providers' capacity): the case is real.
    assert withheld > 0


def test_internal_records_only_in_the_internal_edition(dresden):
    planner = User.objects.get(username="planung")
    hidden = Evidence.objects.get(municipality=dresden, visibility="nicht_oeffentlich")
    public = " ".join(docx_paragraphs(docx_bytes(build_report(dresden, None, period="2024"))))
    internal_report = build_report(dresden, planner, period="2024", edition=INTERNAL)
    internal = " ".join(docx_paragraphs(docx_bytes(internal_report)))
    assert hidden.title not in public and hidden.title in internal
    assert "Trägern gemeldete Bedarfe" not in public and "Trägern gemeldete Bedarfe" in internal
    reports = [
        r
        for s in internal_report.sections
        for p in s.domains
        for c in p.categories
        for r in c.reports
    ]
    assert reports, "the demo's need reports appear in the internal edition"


def test_downloads_and_who_gets_the_internal_edition(dresden):
    anonymous = Client()
    page = anonymous.get(URL)
    assert page.status_code == 200
    assert (
        b"intern"
        not in re.search(rb'<select name="ausgabe".*?</select>', page.content, re.S).group()
    )
    answer = anonymous.get(URL + "bericht.docx?jahr=2024&ausgabe=oeffentlich&ebene=stadtbezirk")
    assert answer.status_code == 200
    assert answer["Content-Disposition"].endswith(
        'Sozialraumbericht_dresden_2024_oeffentlich.docx"'
    )
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
