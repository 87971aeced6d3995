"""Backup and restore (issue 12): a round trip on the test database (SQLite, and PostgreSQL
in the PostgreSQL run) gives the same rows and files; a damaged file or one from another
program version is refused and changes nothing."""

from __future__ import annotations

import io
import json
import re
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from sozialplanung.areas.models import Area, Indicator, IndicatorValue
from sozialplanung.core import backup
from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import User

from ..conftest import TEST


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    document = settings.MEDIA_ROOT / "council" / "files" / "beschluss.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 Beschluss V0001/24")
    return settings.MEDIA_ROOT


@pytest.fixture
def saved(indicators, users, media, tmp_path) -> Path:
    """A backup of Teststadt with its areas, indicators, users and one uploaded file."""
    target = tmp_path / "sicherung.tar.gz"
    call_command("backup", str(target), stdout=io.StringIO())
    return target


def sample() -> dict[str, object]:
    """Records whose every field must come back as it was."""
    return {
        "areas": list(Area.objects.order_by("pk").values()),
        "values": list(IndicatorValue.objects.order_by("pk").values())[:20],
        "users": list(User.objects.order_by("pk").values("pk", "username", "password", "role")),
        "indicators": list(Indicator.objects.order_by("pk").values("pk", "slug", "visibility")),
    }


def change_everything(media: Path) -> None:
    IndicatorValue.objects.filter(indicator__slug="einwohner").delete()
    User.objects.filter(role="stadtrat").update(username="umbenannt")
    create_municipality("andere", "Andere Stadt", acting_user=TEST)
    (media / "council" / "files" / "beschluss.pdf").write_bytes(b"ueberschrieben")
    (media / "imports").mkdir()
    (media / "imports" / "neu.csv").write_text("neu")


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def refused(path: Path, *args: str) -> str:
    """What a refused restore says on stderr (the command exits with status 1)."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(path), *args, stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    return err.getvalue()


def rewrite(source: Path, target: Path, **replace: bytes) -> Path:
    """A copy of the backup with members replaced (a well-formed archive, changed content)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = replace.get(member.name) or old.extractfile(member).read()  # type: ignore[union-attr]
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return target


def test_round_trip_gives_back_every_row_and_file(saved, media):
    before, records = backup.row_counts(), sample()
    assert before["areas.indicatorvalue"] > 0 and before["core.user"] == 5
    change_everything(media)
    assert backup.row_counts() != before

    out = restore(saved, "--replace", "--yes")

    assert "Wiederhergestellt" in out
    assert backup.row_counts() == before
    assert sample() == records
    files = sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())
    assert files == ["council/files/beschluss.pdf"]
    assert (media / "council/files/beschluss.pdf").read_bytes() == b"%PDF-1.4 Beschluss V0001/24"


def test_the_manifest_holds_version_counts_and_checksums(saved):
    manifest = backup.read_manifest(saved)
    assert manifest["format"] == backup.FORMAT
    assert manifest["migrations"] == backup.latest_migrations()
    assert manifest["migrations"]["core"].startswith("00")
    assert manifest["counts"]["areas.area"] == Area.objects.count()
    assert set(manifest["checksums"]) == {"daten.sicherung", "dateien/council/files/beschluss.pdf"}


def test_restore_into_an_empty_migrated_database_needs_no_replace(saved):
    before, records = backup.row_counts(), sample()
    backup.empty_database()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as migrate does
    assert backup.database_is_empty()
    restore(saved)
    assert backup.row_counts() == before and sample() == records


def test_a_database_with_data_is_not_replaced_without_replace(saved, media):
    change_everything(media)
    after_change = backup.row_counts()
    assert re.search("enthält schon Daten.*--replace", refused(saved))
    assert backup.row_counts() == after_change


def test_replace_asks_first_and_no_keeps_everything(saved, media, monkeypatch):
    change_everything(media)
    after_change = backup.row_counts()
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert re.search("Abgebrochen, nichts wurde geändert", refused(saved, "--replace"))
    assert backup.row_counts() == after_change
    assert (media / "council/files/beschluss.pdf").read_bytes() == b"ueberschrieben"


def test_a_damaged_file_is_refused_and_changes_nothing(saved, media, tmp_path):
    change_everything(media)
    after_change = backup.row_counts()
    broken = tmp_path / "kaputt.tar.gz"
    raw = bytearray(saved.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # one flipped byte in the compressed data
    broken.write_bytes(bytes(raw))
    assert re.search(
        "Nicht wiederhergestellt: kaputt.tar.gz ist beschädigt",
        refused(broken, "--replace", "--yes"),
    )
    truncated = tmp_path / "abgeschnitten.tar.gz"
    truncated.write_bytes(saved.read_bytes()[:-200])
    assert re.search(
        "abgeschnitten.tar.gz ist beschädigt", refused(truncated, "--replace", "--yes")
    )
    assert backup.row_counts() == after_change
    assert (media / "imports" / "neu.csv").exists()


def test_changed_data_inside_a_sound_archive_fails_its_checksum(saved, media, tmp_path):
    with tarfile.open(saved, "r:gz") as archive:
        data = archive.extractfile("daten.sicherung").read()  # type: ignore[union-attr]
    forged = rewrite(
        saved,
        tmp_path / "gefaelscht.tar.gz",
        **{backup.DATA: data.replace(b"Nordwest", b"Nordwext")},
    )
    change_everything(media)
    after_change = backup.row_counts()
    assert re.search(
        "Prüfsumme von daten.sicherung stimmt nicht", refused(forged, "--replace", "--yes")
    )
    assert backup.row_counts() == after_change


def test_a_backup_of_another_program_version_is_refused_and_changes_nothing(saved, media, tmp_path):
    manifest = backup.read_manifest(saved)
    manifest["migrations"]["core"] = "0001_initial"
    older = rewrite(
        saved, tmp_path / "alt.tar.gz", **{"manifest.json": json.dumps(manifest).encode()}
    )
    change_everything(media)
    after_change = backup.row_counts()
    assert re.search(
        "anderen Programmstand.*core: Sicherung 0001_initial", refused(older, "--replace", "--yes")
    )
    assert backup.row_counts() == after_change


def test_a_backup_into_a_missing_folder_says_which(db, tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("backup", str(tmp_path / "fehlt" / "s.tar.gz"), stderr=err)
    assert f"Ordner {tmp_path / 'fehlt'} gibt es nicht" in err.getvalue()
