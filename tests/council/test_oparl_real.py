"""OParl import of real data: a trimmed copy of Gemeinde Hürtgenwald's Sternberg output
(tests/data/oparl/huertgenwald, see SOURCES.md there), read as the validator cached it,
from the folder and from a server on 127.0.0.1, and read back from our own server."""

from __future__ import annotations

import json
import shutil
from urllib.parse import urlsplit

import pytest
from django.test import Client

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.imports import ImportFailed
from sozialplanung.core.models import AuditEntry, Municipality
from sozialplanung.council.models import AgendaItem, Body, File, Meeting, Paper, Person
from sozialplanung.council.oparl.importer import import_oparl
from tests.conftest import TEST

from .oparl_check import HUERTGENWALD, SERVER, crawl, json_answer, local_server

SOURCE = "https://sdnetrim.kdvz-frechen.de"
BASE = SOURCE + "/rim4220/webservice/oparl/v1.0/body/1/"


@pytest.fixture
def huertgenwald(db) -> Municipality:
    return create_municipality("huertgenwald", "Hürtgenwald", ags="05358016", acting_user=TEST)


def counts(municipality: Municipality) -> dict[str, int]:
    return {
        "Gremien": Body.objects.filter(municipality=municipality).count(),
        "Personen": Person.objects.filter(municipality=municipality).count(),
        "Sitzungen": Meeting.objects.filter(municipality=municipality).count(),
        "Vorlagen": Paper.objects.filter(municipality=municipality).count(),
        "TOPs": AgendaItem.objects.filter(meeting__municipality=municipality).count(),
        "Dateien": File.objects.filter(municipality=municipality).count(),
    }


def path_of(url: str) -> str:
    """An OParl id without its server: the same object on another host."""
    return urlsplit(url).path


def test_the_cache_imports_as_it_is_and_a_second_run_changes_nothing(huertgenwald):
    result = import_oparl(HUERTGENWALD, municipality=huertgenwald, acting_user=TEST)
    assert counts(huertgenwald) == {
        "Gremien": 22,
        "Personen": 3,
        "Sitzungen": 3,
        "Vorlagen": 6,
        "TOPs": 16,
        "Dateien": 25,
    }
    # The validator's list of missing ids beside the cache is no OParl: named, skipped.
    assert any("missing_ids.json" in w and "übersprungen" in w for w in result.warnings)
    audits = AuditEntry.objects.count()
    again = import_oparl(HUERTGENWALD, municipality=huertgenwald, acting_user=TEST)
    assert again.created == again.updated == again.deleted == {}
    assert AuditEntry.objects.count() == audits


def test_agenda_item_files_are_linked_to_item_meeting_and_paper(huertgenwald):
    import_oparl(HUERTGENWALD, municipality=huertgenwald, acting_user=TEST)
    item = AgendaItem.objects.get(oparl_id=BASE + "agendaitem/8847")
    resolution = File.objects.get(agenda_item=item)
    assert resolution.oparl_id == BASE + "file/1-26729"
    assert resolution.role == "resolutionFile"
    assert resolution.meeting == item.meeting
    assert resolution.paper == item.paper and item.paper is not None
    # The source's own addresses, date and type are kept.
    assert resolution.access_url.startswith(BASE + "files/")
    assert resolution.download_url.startswith(BASE + "files/download/")
    assert (str(resolution.date), resolution.mime_type) == ("2019-07-11", "application/pdf")
    # Every file embedded in an agenda item (9 in the subset) found its item.
    assert File.objects.filter(agenda_item__isnull=False).count() == 9


def test_order_is_taken_from_the_place_in_the_meetings_list(huertgenwald):
    import_oparl(HUERTGENWALD, municipality=huertgenwald, acting_user=TEST)
    meeting = Meeting.objects.get(oparl_id=BASE + "meeting/2324")
    # The source lists 8846, 8847, 8850, 8848 (ids not in agenda order) and no "order".
    items = list(meeting.agenda_items.order_by("order"))
    assert [(i.order, i.number, i.oparl_id[-4:]) for i in items] == [
        (1, "A", "8846"),
        (2, "1.", "8847"),
        (3, "2.", "8850"),
        (4, "3.", "8848"),
    ]


def test_a_deleted_object_without_type_marks_its_record_deleted(huertgenwald, tmp_path):
    folder = tmp_path / "cache"
    shutil.copytree(HUERTGENWALD, folder)
    import_oparl(folder, municipality=huertgenwald, acting_user=TEST)
    paper_id = BASE + "paper/3301"
    assert not Paper.objects.get(oparl_id=paper_id).deleted
    # Deleted in the source: the list now holds what Sternberg sends for it, no type,
    # only id, dates and the flag.
    page_file = folder / "body" / "1" / "paper?page=71.json"
    page = json.loads(page_file.read_text("utf-8"))
    stub = {"id": paper_id, "created": "2019-10-01T10:00:00+02:00", "deleted": True}
    stub["modified"] = "2021-01-01T10:00:00+01:00"
    page["data"] = [stub if p["id"] == paper_id else p for p in page["data"]]
    page_file.write_text(json.dumps(page), "utf-8")
    result = import_oparl(folder, municipality=huertgenwald, acting_user=TEST)
    assert Paper.objects.get(oparl_id=paper_id).deleted
    assert result.deleted == {"Vorlage": 1}


def test_an_object_without_type_in_no_list_is_named_by_its_id(huertgenwald, tmp_path):
    (tmp_path / "lose.json").write_text(
        json.dumps([{"id": "https://ris.example.org/paper/7", "deleted": True}]), "utf-8"
    )
    with pytest.raises(ImportFailed) as failure:
        import_oparl(tmp_path, municipality=huertgenwald, acting_user=TEST)
    assert "lose.json" in str(failure.value)
    assert "https://ris.example.org/paper/7" in str(failure.value)


@pytest.mark.parametrize(
    ("name", "ags", "accepted"),
    [
        ("Hürtgenwald", "05358016", True),  # "5358016" in the source: leading zero lost
        ("Irgendwo", "5358016", True),  # the key decides where both have one
        ("Hürtgenwald", "", True),  # else the name
        ("Hürtgenwald", "05315000", False),
        ("Teststadt", "", False),
    ],
)
def test_a_body_of_another_municipality_is_refused(db, name, ags, accepted):
    municipality = create_municipality("ziel", name, ags=ags, acting_user=TEST)
    if accepted:
        import_oparl(HUERTGENWALD, municipality=municipality, acting_user=TEST)
        assert Paper.objects.count() == 6
        return
    with pytest.raises(ImportFailed) as failure:
        import_oparl(HUERTGENWALD, municipality=municipality, acting_user=TEST)
    message = str(failure.value)
    assert "„Gemeinde Hürtgenwald“ (AGS 5358016) ist nicht" in message
    assert "--accept-other-body" in message
    assert Paper.objects.count() == 0
    import_oparl(HUERTGENWALD, municipality=municipality, acting_user=TEST, accept_other_body=True)
    assert Paper.objects.count() == 6


# --- The same cache from a server: one code path, the same result ---------------------


def cache_pages(base: str) -> dict[str, bytes]:
    """The cache as a server would send it: each list whole under its own address."""
    pages: dict[str, bytes] = {}
    lists: dict[str, list] = {}
    for path in sorted(HUERTGENWALD.rglob("*.json")):
        name = str(path.relative_to(HUERTGENWALD)).removesuffix(".json")
        text = path.read_text("utf-8").replace(SOURCE, base)
        pages["/rim4220/webservice/oparl/v1.0/" + name] = text.encode()
        data = json.loads(text)
        if isinstance(data, dict) and "data" in data:
            lists.setdefault(name.split("?")[0], []).extend(data["data"])
    for name, objects in lists.items():
        pages["/rim4220/webservice/oparl/v1.0/" + name] = json.dumps({"data": objects}).encode()
    return pages


def test_server_import_gives_what_the_folder_import_gives(huertgenwald, settings):
    settings.OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES = True  # the test server is on loopback
    import_oparl(HUERTGENWALD, municipality=huertgenwald, acting_user=TEST)
    other = create_municipality("zweite", "Hürtgenwald", acting_user=TEST)
    served: dict[str, dict[str, bytes]] = {}

    def answer(base: str, path: str):
        pages = served.setdefault(base, cache_pages(base))
        return json_answer(pages[path]) if path in pages else None

    with local_server(answer) as base:
        result = import_oparl(
            base + "/rim4220/webservice/oparl/v1.0/system", municipality=other, acting_user=TEST
        )
    assert counts(other) == counts(huertgenwald)
    assert not result.deleted  # the deleted stubs name nothing we have

    def links(municipality: Municipality) -> set[tuple]:
        files = File.objects.filter(municipality=municipality).select_related(
            "agenda_item", "paper"
        )
        return {
            (
                path_of(f.oparl_id),
                f.role,
                f.agenda_item.order if f.agenda_item else None,
                f.paper.reference if f.paper else None,
            )
            for f in files
        }

    assert links(other) == links(huertgenwald)


# --- Round trip: our server's output read back by our importer --------------------------


def test_round_trip_keeps_papers_meetings_items_files_and_their_links(huertgenwald, settings):
    settings.OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    import_oparl(HUERTGENWALD, municipality=huertgenwald, acting_user=TEST)
    pages = {
        url: response.content
        for url, response in crawl(Client()).items()
        if response["Content-Type"].startswith("application/json")
    }

    def answer(base: str, path: str):
        body = pages.get(SERVER + path.removeprefix("/oparl/v1.1/"))
        return (
            json_answer(body.replace(SERVER.encode(), f"{base}/oparl/v1.1/".encode()))
            if body
            else None
        )

    other = create_municipality("rueckweg", "Rückweg", acting_user=TEST)
    with local_server(answer) as base:
        import_oparl(
            base + "/oparl/v1.1/", municipality=other, acting_user=TEST, accept_other_body=True
        )
    assert counts(other) == counts(huertgenwald)

    def shape(municipality: Municipality) -> set[tuple]:
        """Each file with its item, meeting and paper, by what survives a round trip."""
        return {
            (
                f.name,
                f.role,
                f.date,
                f.agenda_item.number if f.agenda_item else None,
                f.agenda_item.order if f.agenda_item else None,
                f.meeting.name if f.meeting else None,
                f.paper.reference if f.paper else None,
            )
            for f in File.objects.filter(municipality=municipality).select_related(
                "agenda_item", "meeting", "paper"
            )
        }

    assert shape(other) == shape(huertgenwald)

    def items(municipality: Municipality) -> list[tuple]:
        found = AgendaItem.objects.filter(meeting__municipality=municipality)
        return sorted(
            (i.meeting.name, i.order, i.number, i.paper.reference if i.paper else None)
            for i in found.select_related("paper", "meeting")
        )

    assert items(other) == items(huertgenwald)
