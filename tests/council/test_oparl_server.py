"""The OParl 1.1 server: every object validates, lists page and filter, secrets stay out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council.models import (
    AgendaItem,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)

from .conftest import CANARIES
from .oparl_check import SCHEMA_BASE, SERVER, crawl, oparl_objects, schema_errors

BODY = "/oparl/v1.1/bodies/teststadt/"
KINDS = [
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
    "LegislativeTerm",
]


@pytest.fixture
def council(municipality, v2696, secret_papers, bodies):
    """V2696/24 and the secret papers, plus one of every other OParl object, a deleted
    paper, a deleted meeting and a non-public agenda item."""
    term = LegislativeTerm.objects.create(
        municipality=municipality,
        name="Wahlperiode 2024–2029",
        start_date=dt.date(2024, 7, 1),
        end_date=dt.date(2029, 6, 30),
    )
    location = Location.objects.create(
        municipality=municipality,
        description="Neues Rathaus, Plenarsaal",
        street_address="Dr.-Külz-Ring 19",
        postal_code="01067",
        locality="Teststadt",
    )
    meeting = v2696["meeting"]
    meeting.location = location
    meeting.save()
    person = Person.objects.create(
        municipality=municipality, name="Erika Musterfrau", family_name="Musterfrau"
    )
    Membership.objects.create(
        municipality=municipality, person=person, body=bodies["stadtrat"], role="Mitglied"
    )
    File.objects.create(
        municipality=municipality,
        name="Vorlage V2696/24",
        file_name="V2696-24.pdf",
        paper=v2696["paper"],
        text="Fachkonzept sonstiger sozialer Angebote",
    )
    secret = secret_papers[Visibility.CONFIDENTIAL]["paper"]
    File.objects.create(
        municipality=municipality,
        name=f"Anlage {CANARIES[1]}",
        file_name="geheim.pdf",
        paper=secret,
        text=CANARIES[1],
    )
    AgendaItem.objects.create(
        meeting=meeting, number="N1", name=f"Grundstück {CANARIES[0]}", order=30, public=False
    )
    AgendaItem.objects.create(
        meeting=meeting, number="13", name=secret.name, paper=secret, order=13
    )
    deleted_paper = Paper.objects.create(
        municipality=municipality, reference="A0001/24", name="Zurückgezogen", deleted=True
    )
    gone = Meeting.objects.create(municipality=municipality, name="Abgesagt", deleted=True)
    AgendaItem.objects.create(meeting=gone, number="1", name="Eröffnung", order=1)
    return {"term": term, "deleted_paper": deleted_paper, "deleted_meeting": gone}


def test_every_object_of_every_list_and_url_validates(council):
    responses = crawl(Client())
    assert all(r.status_code == 200 for r in responses.values()), [
        (u, r.status_code) for u, r in responses.items() if r.status_code != 200
    ]
    seen_types: set[str] = set()
    errors: list[str] = []
    for response in responses.values():
        if not response["Content-Type"].startswith("application/json"):
            continue
        for obj in oparl_objects(response.json()):
            seen_types.add(obj["type"].removeprefix(SCHEMA_BASE))
            errors += schema_errors(obj)
    assert errors == []
    assert seen_types == {"System", "Body", *KINDS}
    # Every list and every single object was fetched, not only embedded.
    for segment in ("papers", "consultations", "agenda-items", "legislative-terms", "files"):
        assert f"{SERVER}bodies/teststadt/{segment}/" in responses
    assert any("/paper/" in url for url in responses)


def test_no_canary_in_any_oparl_response(council, client_for):
    for client in (Client(), client_for(Role.STADTRAT), client_for(Role.ADMIN)):
        responses = crawl(client)
        assert len(responses) > 20
        for url, response in responses.items():
            text = response.content.decode("utf-8", errors="replace")
            for canary in CANARIES:
                assert canary not in text, url
        # Not even the existence of the secret papers: they are not addressable.
    secret_pks = Paper.objects.exclude(visibility=Visibility.PUBLIC).values_list("pk", flat=True)
    for pk in secret_pks:
        response = Client().get(f"{BODY}paper/{pk}/")
        assert response.status_code == 404
        assert response.json() == Client().get(f"{BODY}paper/999999/").json()


def test_system_and_body(council):
    system = Client().get("/oparl/v1.1/").json()
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = Client().get(system["body"].removeprefix("http://testserver")).json()
    assert [b["name"] for b in bodies["data"]] == ["Teststadt"]
    body = bodies["data"][0]
    assert body["id"] == SERVER + "bodies/teststadt/"
    assert body["legislativeTerm"][0]["name"] == "Wahlperiode 2024–2029"
    assert body["paper"] == SERVER + "bodies/teststadt/papers/"


def test_paper_carries_consultations_and_the_resolution_extension(council, v2696):
    paper = Client().get(f"{BODY}paper/{v2696['paper'].pk}/").json()
    assert paper["reference"] == "V2696/24"
    assert paper["paperType"] == "Vorlage"
    assert [c["role"] for c in paper["consultation"]] == [
        "Beratung",
        "1. Lesung",
        "federführende Beratung",
        "Beschlussfassung",
    ]
    deciding = paper["consultation"][-1]
    assert deciding["authoritative"] is True
    assert deciding["meeting"] == SERVER + f"bodies/teststadt/meeting/{v2696['meeting'].pk}/"
    assert deciding["agendaItem"].startswith(SERVER + "bodies/teststadt/agenda-item/")
    assert paper["mainFile"]["accessUrl"].endswith("/inhalt/")
    [resolution] = paper["sozialplanung:resolutions"]
    assert resolution["date"] == "2024-06-13"
    assert resolution["votes"] == {"yes": 45, "no": 12, "abstain": 3}
    items = resolution["items"]
    assert [i["number"] for i in items] == ["1", "2", "3"]
    assert [i["status"] for i in items] == ["umgesetzt", "in_umsetzung", "in_umsetzung"]
    assert items[1]["nextControlDate"] == "2025-09-30"
    assert items[1]["responsibleOffice"] == "Sozialamt"
    assert items[1]["statusHistory"][0]["text"].startswith("In der Trägerversammlung")
    # The file's accessUrl answers with its text.
    content = Client().get(paper["mainFile"]["accessUrl"].removeprefix("http://testserver"))
    assert content.status_code == 200
    assert b"Fachkonzept" in content.content


def test_deleted_objects_are_stubs(council):
    papers = Client().get(f"{BODY}papers/").json()["data"]
    [stub] = [p for p in papers if p.get("deleted")]
    assert set(stub) == {"id", "type", "created", "modified", "deleted"}
    assert Client().get(stub["id"].removeprefix("http://testserver")).json() == stub
    meeting_pk = council["deleted_meeting"].pk
    meeting = Client().get(f"{BODY}meeting/{meeting_pk}/").json()
    assert meeting["deleted"] is True and "name" not in meeting
    items = Client().get(f"{BODY}agenda-items/").json()["data"]
    gone = [i for i in items if i.get("deleted")]
    assert len(gone) == 1 and "name" not in gone[0]


def test_non_public_agenda_items_show_only_their_place(council, v2696):
    meeting = Client().get(f"{BODY}meeting/{v2696['meeting'].pk}/").json()
    by_number = {i["number"]: i for i in meeting["agendaItem"]}
    assert by_number["12"]["public"] is True
    assert by_number["12"]["name"].startswith("Fachkonzept")
    assert "consultation" in by_number["12"]
    for number in ("N1", "13"):  # non-public item; item about a confidential paper
        assert by_number[number]["public"] is False
        assert set(by_number[number]) <= {
            "id",
            "type",
            "meeting",
            "number",
            "order",
            "public",
            "created",
            "modified",
            "deleted",
        }


# --- Pagination and filters ------------------------------------------------------------


@pytest.fixture
def many_papers(municipality, v2696):
    Paper.objects.bulk_create(
        Paper(municipality=municipality, reference=f"V{n:04d}/25", name=f"Vorlage {n}")
        for n in range(249)
    )
    return Paper.objects.filter(municipality=municipality)


def test_pagination_spans_three_pages_with_links(many_papers):
    first = Client().get(f"{BODY}papers/").json()
    assert first["pagination"] == {
        "totalElements": 250,
        "elementsPerPage": 100,
        "currentPage": 1,
        "totalPages": 3,
    }
    assert set(first["links"]) == {"first", "next", "last"}
    assert first["links"]["next"] == SERVER + "bodies/teststadt/papers/?page=2"
    ids = [p["id"] for p in first["data"]]
    page = first
    while "next" in page["links"]:
        page = Client().get(page["links"]["next"].removeprefix("http://testserver")).json()
        ids += [p["id"] for p in page["data"]]
    assert page["pagination"]["currentPage"] == 3
    assert len(page["data"]) == 50
    assert set(page["links"]) == {"first", "prev", "last"}
    assert page["links"]["prev"].endswith("page=2")
    assert len(ids) == len(set(ids)) == 250
    small = Client().get(f"{BODY}papers/?limit=20&page=2").json()
    assert small["pagination"]["totalPages"] == 13
    assert small["links"]["next"].endswith("limit=20&page=3")


def test_list_queries_do_not_grow_with_the_page(many_papers):
    def count(limit: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(f"{BODY}papers/?limit={limit}").status_code == 200
        return len(queries)

    assert count(10) == count(100)
    for segment in ("meetings", "agenda-items", "consultations", "files", "persons"):
        with CaptureQueriesContext(connection) as queries:
            Client().get(f"{BODY}{segment}/")
        assert len(queries) <= 12, segment


def _at(day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2024, 1, day, 12, 0))


@pytest.mark.parametrize(
    ("parameter", "expected"),
    [
        ("created_since=2024-01-10T00:00:00%2B01:00", {"B", "C"}),
        ("created_until=2024-01-10T00:00:00%2B01:00", {"A"}),
        ("modified_since=2024-01-25T00:00:00%2B01:00", {"A"}),
        ("modified_until=2024-01-25T00:00:00%2B01:00", {"B", "C"}),
        ("created_since=2024-01-10&modified_until=2024-01-21T00:00:00Z", {"B"}),
        # "+" unencoded arrives as a space: still understood.
        ("created_since=2024-01-10T00:00:00+01:00", {"B", "C"}),
    ],
)
def test_date_filters(municipality, parameter, expected):
    for name, created, modified in (("A", 1, 30), ("B", 15, 20), ("C", 20, 22)):
        paper = Paper.objects.create(municipality=municipality, reference=name, name=name)
        Paper.objects.filter(pk=paper.pk).update(created=_at(created), modified=_at(modified))
    data = Client().get(f"{BODY}papers/?{parameter}").json()
    assert {p["reference"] for p in data["data"]} == expected
    for link in data["links"].values():
        assert parameter.split("=")[0] in link


@pytest.mark.parametrize(
    "query",
    ["created_since=gestern", "modified_until=2024-13-01", "page=0", "limit=x", "page=9"],
)
def test_bad_list_parameters_answer_400_in_german(municipality, query):
    response = Client().get(f"{BODY}papers/?{query}")
    assert response.status_code == 400
    assert "Parameter" in response.json()["detail"] or "Seite" in response.json()["detail"]


def test_unknown_body_and_object_answer_404(municipality):
    assert Client().get("/oparl/v1.1/bodies/gibt-es-nicht/papers/").status_code == 404
    assert Client().get(f"{BODY}paper/4711/").json() == {"detail": "Objekt nicht gefunden."}
