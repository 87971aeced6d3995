"""Bad ZIPs are refused before anything is extracted, with a German message naming the
archive and the member (intake.zipcheck). No database: these run once."""

from __future__ import annotations

import io
import zipfile

import pytest

from sozialplanung.core.imports import ImportFailed
from sozialplanung.intake import zipcheck


def _zip(tmp_path, members: dict[str, bytes], name: str = "archiv.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def _refusal(path) -> str:
    with pytest.raises(ImportFailed) as caught:
        zipcheck.checked_members(path, "archiv.zip")
    return str(caught.value)


def test_documents_are_taken_and_other_members_named_or_passed_over(tmp_path):
    path = _zip(
        tmp_path,
        {
            "2024/brief.txt": b"Beschlusskontrolle",
            "scan.PDF": b"%PDF-1.4",
            "tabelle.xlsx": b"PK",
            "__MACOSX/._brief.txt": b"x",
            ".DS_Store": b"x",
        },
    )
    members = zipcheck.checked_members(path, "archiv.zip")
    assert [m.filename for m in members.documents] == ["2024/brief.txt", "scan.PDF"]
    assert members.skipped == ["tabelle.xlsx (keine Textdatei, PDF, DOCX oder Bild)"]


def test_not_a_zip(tmp_path):
    path = tmp_path / "archiv.zip"
    path.write_bytes(b"Das ist Text, kein Archiv.")
    assert (
        _refusal(path) == "archiv.zip: Die Datei ist kein ZIP-Archiv und kann nicht gelesen werden."
    )


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/x.txt", "/etc/x.txt", "C:\\x.txt", "a/../../x.txt"]
)
def test_a_name_leaving_the_folder_refuses_the_archive(tmp_path, name):
    path = _zip(tmp_path, {"ok.txt": b"Text", name: b"Text"})
    assert f"archiv.zip: {name}: Der Name führt aus dem Archiv heraus" in _refusal(path)


def test_a_zip_bomb_is_refused_from_the_declared_sizes(tmp_path):
    # 20 MB of zeros pack to about 20 KB: a ratio no council document has
    path = _zip(tmp_path, {"bombe.txt": b"\0" * (20 * 1024 * 1024)})
    assert "bombe.txt: Die Datei ist ungewöhnlich stark gepackt" in _refusal(path)


def test_too_many_members(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(zipcheck.MAX_MEMBERS + 1):
            archive.writestr(f"{index}.txt", b"")
    path = tmp_path / "archiv.zip"
    path.write_bytes(buffer.getvalue())
    assert "enthält 2001 Dateien; höchstens 2000" in _refusal(path)


def test_a_member_larger_than_declared_is_refused_while_reading(tmp_path):
    # zipfile stops at the declared size, and the CRC of the cut member fails
    path = _zip(tmp_path, {"brief.txt": b"Beschlusskontrolle zu V2696/24"})
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("brief.txt")
        info.file_size = 5  # what a forged directory would declare
        with pytest.raises(ImportFailed, match=r"brief\.txt: Die Datei im Archiv ist beschädigt"):
            zipcheck.read_member(archive, info, "archiv.zip")


def test_an_archive_without_documents(tmp_path):
    path = _zip(tmp_path, {"tabelle.xlsx": b"PK"})
    assert "enthält keine Dokumente" in _refusal(path)
