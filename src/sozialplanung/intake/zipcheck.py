"""A ZIP of council documents, checked before a single byte is extracted.

A bulk intake reads whatever a city exports from its archive; the ZIP may also be
hostile. ``checked_members`` refuses, with a German message naming the file and the
member, anything that is not a plain archive of documents: not a ZIP, too many members,
members or a total larger than allowed (from the sizes the ZIP declares, before
extracting; a member that lies about its size fails its CRC in ``read_member``),
compression ratios of a zip bomb, encrypted members, and names that would leave a folder
(absolute, "..", drive letters). Members that are no document (folders, macOS
resource forks, hidden files, other formats) are skipped and named.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sozialplanung.core.imports import ImportFailed, ImportProblem

from .reading import MAX_BYTES

#: What the reader turns into text (``reading.read_text``).
DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
#: A backlog of a few hundred letters, with room; more is another upload.
MAX_MEMBERS = 2000
#: All documents together, uncompressed.
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
#: Text compresses about 1:5, PDFs hardly; a member shrunk more than this is a bomb.
MAX_RATIO = 200
#: Below this a high ratio is harmless (a page of blanks).
RATIO_FLOOR = 1024 * 1024


@dataclass
class Members:
    documents: list[zipfile.ZipInfo]
    skipped: list[str] = field(default_factory=list)


def _problem(file: str, message: str) -> ImportFailed:
    return ImportFailed([ImportProblem(file, None, None, message, unit="Dokument")])


def unsafe_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return (
        name.startswith(("/", "\\"))
        or ".." in path.parts
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
    )


def checked_members(path: Path, filename: str) -> Members:
    """The document members of the ZIP at ``path``; ImportFailed when it is refused."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _problem(
            filename, "Die Datei ist kein ZIP-Archiv und kann nicht gelesen werden."
        ) from None
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _problem(
            filename,
            f"Das ZIP-Archiv enthält {len(infos)} Dateien; höchstens {MAX_MEMBERS} werden "
            "auf einmal gelesen. Bitte in mehrere Archive teilen.",
        )
    problems: list[ImportProblem] = []
    members = Members(documents=[])
    total = 0
    for info in infos:
        where = f"{filename}: {info.filename}"
        if unsafe_name(info.filename):
            problems.append(
                ImportProblem(
                    where,
                    None,
                    None,
                    "Der Name führt aus dem Archiv heraus (absoluter Pfad oder „..“); "
                    "das Archiv wird nicht gelesen.",
                    unit="Dokument",
                )
            )
            continue
        if info.is_dir():
            continue
        name = PurePosixPath(info.filename).name
        if info.filename.startswith("__MACOSX/") or name.startswith("."):
            continue
        if PurePosixPath(name).suffix.lower() not in DOCUMENT_SUFFIXES:
            members.skipped.append(f"{info.filename} (keine Textdatei, PDF, DOCX oder Bild)")
            continue
        message = _size_problem(info)
        if message:
            problems.append(ImportProblem(where, None, None, message, unit="Dokument"))
            continue
        total += info.file_size
        members.documents.append(info)
    if total > MAX_TOTAL_BYTES:
        problems.append(
            ImportProblem(
                filename,
                None,
                None,
                f"Entpackt wäre das Archiv {total // 1024 // 1024} MB groß; höchstens "
                f"{MAX_TOTAL_BYTES // 1024 // 1024} MB werden gelesen.",
                unit="Dokument",
            )
        )
    if problems:
        raise ImportFailed(problems)
    if not members.documents:
        raise _problem(filename, "Das ZIP-Archiv enthält keine Dokumente (Text, PDF, DOCX, Bild).")
    return members


def _size_problem(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x1:
        return "Die Datei ist verschlüsselt und kann nicht gelesen werden."
    if info.file_size > MAX_BYTES:
        return (
            f"Die Datei ist entpackt {info.file_size // 1024 // 1024} MB groß; "
            f"höchstens {MAX_BYTES // 1024 // 1024} MB je Dokument."
        )
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (
            "Die Datei ist ungewöhnlich stark gepackt (mehr als 1:"
            f"{MAX_RATIO}); solche Archive werden zum Schutz des Servers nicht entpackt."
        )
    return ""


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str) -> bytes:
    """The member's bytes. ``zipfile`` never returns more than the declared size and
    checks the CRC at the end, so a member that lies about its size fails here."""
    try:
        with archive.open(info) as stream:
            return stream.read()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _problem(
            f"{filename}: {info.filename}", f"Die Datei im Archiv ist beschädigt ({exc})."
        ) from None
