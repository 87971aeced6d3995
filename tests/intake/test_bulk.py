"""Bulk intake (issue 15, item 3): a ZIP of documents through the queue into drafts,
chained per paper; a second run changes nothing; a chain confirmed in one step reaches
the overdue dashboard; bad archives change nothing. With the real reader and the
repository's own documents (evaluation/intake, tests/data/intake)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from sozialplanung.core.models import ImportJob
from sozialplanung.core.visibility import Role
from sozialplanung.council.models import Paper, Resolution, ResolutionItem, StatusReport
from sozialplanung.intake.chains import chains
from sozialplanung.intake.models import IntakeDraft, ReadDocument

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VORLAGE = ROOT / "evaluation/intake/000_ceba17afc4d032cd.txt"  # V2696/24
LETTERS = sorted((ROOT / "tests/data/intake").glob("beschlusskontrolle_v2696_*.txt"))
LONE_LETTER = ROOT / "evaluation/intake/004_0434ae12ec697432.txt"  # V2927/19, no resolution
BULK = "/teststadt/gremien/eingang/stapel/"
QUEUE = "/teststadt/gremien/eingang/pruefen/"


def make_zip(folder: Path, *documents: Path, name: str = "rueckstand.zip") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        # the letters listed before the Vorlage: the chain's order is not the ZIP's
        for document in sorted(documents, key=lambda p: p.name, reverse=True):
            archive.write(document, f"2025/{document.name}")
    return path


@pytest.fixture
def media(settings, tmp_path, tasks_immediately):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def upload(client, path: Path) -> ImportJob:
    response = client.post(BULK, {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert response.status_code == 302
    job = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert client.get(response["Location"]).status_code == 200
    return job


def confirm_post(client, reference: str):
    page = client.get(QUEUE).content.decode()
    token = re.search(
        rf'name="reference" value="{re.escape(reference)}"><input type="hidden" name="token" '
        r'value="([0-9,]+)"',
        page,
    )
    assert token, page
    return client.post(QUEUE + "bestaetigen/", {"reference": reference, "token": token[1]})


def test_zip_job_chains_confirms_and_a_second_run_changes_nothing(media, client_for):
    planner = client_for(Role.SOZIALPLANUNG)
    archive = make_zip(media, VORLAGE, *LETTERS, LONE_LETTER)

    job = upload(planner, archive)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert (job.done, job.total) == (4, 4)
    assert job.summary == "4 Dokumente im Archiv: 4 neu als Entwurf gelesen, 0 schon vorhanden"

    found = {c.reference: c for c in chains(IntakeDraft.objects.first().municipality)}
    assert [d.file_name for d in found["V2696/24"].drafts] == [
        f"2025/{VORLAGE.name}",
        "2025/beschlusskontrolle_v2696_2025-03.txt",
        "2025/beschlusskontrolle_v2696_2025-10.txt",
    ]
    queue = planner.get(QUEUE).content.decode()
    # the chain with fields to check first, each draft linked
    assert queue.index('data-reference="V2927/19"') < queue.index('data-reference="V2696/24"')
    assert f"/teststadt/gremien/eingang/{found['V2927/19'].drafts[0].pk}/" in queue

    second = upload(planner, archive)
    second.refresh_from_db()
    assert second.summary.startswith("4 Dokumente im Archiv: 0 neu als Entwurf gelesen, 4 schon")
    assert IntakeDraft.objects.count() == 4

    response = confirm_post(planner, "V2696/24")
    assert response.status_code == 302, re.findall(
        r'chain-problem"><p>(.*?)</p>', response.content.decode()
    )
    paper = Paper.objects.get(reference="V2696/24")
    resolution = Resolution.objects.get(paper=paper)
    assert resolution.items.count() == 3
    latest = {
        item.number: item.reports.order_by("-date").first()
        for item in ResolutionItem.objects.filter(resolution=resolution)
    }
    assert {n: (r.status, str(r.next_control_date)) for n, r in latest.items()} == {
        "1": ("umgesetzt", "None"),
        "2": ("in_umsetzung", "2026-03-31"),
        "3": ("umgesetzt", "None"),
    }
    assert IntakeDraft.objects.count() == 1 and ReadDocument.objects.count() == 3
    overdue = planner.get("/teststadt/gremien/ueberfaellig/").content.decode()
    assert "V2696/24" in overdue and "31.03.2026" in overdue

    # the same archive once more, after confirming: nothing new, nothing twice
    reports = StatusReport.objects.count()
    third = upload(planner, archive)
    third.refresh_from_db()
    assert third.summary.startswith("4 Dokumente im Archiv: 0 neu als Entwurf gelesen, 4 schon")
    assert IntakeDraft.objects.count() == 1 and Paper.objects.count() == 1
    assert StatusReport.objects.count() == reports


def test_a_chain_that_cannot_be_saved_as_read_saves_nothing_and_names_the_draft(media, client_for):
    planner = client_for(Role.SOZIALPLANUNG)
    upload(planner, make_zip(media, LONE_LETTER))
    response = confirm_post(planner, "V2927/19")
    assert response.status_code == 409
    text = response.content.decode()
    assert "004_0434ae12ec697432.txt kann nicht so gespeichert werden" in text
    assert "Datum des Beschlusses" in text
    assert not Paper.objects.exists() and IntakeDraft.objects.count() == 1


def test_a_chain_changed_since_it_was_shown_is_refused(media, client_for):
    planner = client_for(Role.SOZIALPLANUNG)
    upload(planner, make_zip(media, VORLAGE, LETTERS[0]))
    shown = ",".join(
        str(pk) for pk in IntakeDraft.objects.order_by("pk").values_list("pk", flat=True)
    )
    upload(planner, make_zip(media, LETTERS[1], name="nachtrag.zip"))  # a third letter arrives
    response = planner.post(QUEUE + "bestaetigen/", {"reference": "V2696/24", "token": shown})
    assert response.status_code == 409
    assert "inzwischen geändert" in response.content.decode()
    assert not Paper.objects.exists() and IntakeDraft.objects.count() == 3


def test_a_bad_archive_fails_the_job_and_changes_nothing(media, client_for):
    planner = client_for(Role.SOZIALPLANUNG)
    bad = media / "rueckstand.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.write(VORLAGE, "vorlage.txt")
        archive.writestr("../ausserhalb.txt", "Beschlusskontrolle")
    job = upload(planner, bad)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    [problem] = job.problems
    assert problem["file"] == "rueckstand.zip: ../ausserhalb.txt"
    assert problem["message"].startswith("Der Name führt aus dem Archiv heraus")
    assert not IntakeDraft.objects.exists()
    assert not any((media / "media" / "intake").glob("*"))
    page = planner.get(f"{BULK}{job.pk}/").content.decode()
    assert "Der Name führt aus dem Archiv heraus" in page


def test_the_command_reads_prints_progress_and_confirms_the_certain_chains(
    media, municipality, capsys
):
    archive = make_zip(media, VORLAGE, *LETTERS, LONE_LETTER)
    call_command("intake_bulk", str(archive), municipality="teststadt", confirm_certain=True)
    out, err = capsys.readouterr()
    assert "4 von 4 Dokumenten gelesen" in err
    assert "Übernommen: 1 Ketten ohne zu prüfende Felder" in out
    assert "Zur Prüfung offen: 1 Entwürfe in 1 Ketten" in out
    assert Paper.objects.get().reference == "V2696/24"


def test_an_antrag_gives_the_paper_and_its_beschlussausfertigung_the_resolution(media, client_for):
    planner = client_for(Role.SOZIALPLANUNG)
    antrag = ROOT / "tests/data/intake/antrag_a0200-21.txt"  # no date, 2 proposed points
    ausfertigung = ROOT / "evaluation/intake/002_8b28f7d461af8561.txt"  # decided 03.03.2022
    upload(planner, make_zip(media, antrag, ausfertigung))
    [chain] = chains(IntakeDraft.objects.first().municipality)
    assert [d.fields["doc_type"] for d in chain.drafts] == ["antrag", "beschlussausfertigung"]
    assert "resolution_date" not in chain.questions[chain.drafts[0].pk]

    assert confirm_post(planner, "A0200/21").status_code == 302
    paper = Paper.objects.get(reference="A0200/21")
    assert (paper.kind, paper.originator) == ("antrag", "Fraktion Beispiel")
    resolution = Resolution.objects.get(paper=paper)
    assert str(resolution.date) == "2022-03-03" and resolution.items.count() == 4
