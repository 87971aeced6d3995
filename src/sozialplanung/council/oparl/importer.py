"""Import OParl 1.1 data from another council information system (SessionNet, ALLRIS …).

``import_oparl(source, municipality=…)`` reads a System endpoint URL or a folder of JSON
files, flattens embedded objects (a Paper's consultations and files, a Meeting's agenda
items, a Person's memberships), and upserts every object by its OParl ``id`` in one
transaction: all or nothing. Each change is audited; a second import of the same data
changes nothing and records nothing.

Real systems are uneven; the importer accepts missing optional fields, free-text
results and roles, unknown paper types (kept as text), and references to objects it
has not seen (skipped with a warning).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sozialplanung.core.audit import ActingUser, is_process, person, save_audited
from sozialplanung.core.imports import ImportFailed
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility, can_edit_planning_data

from . import mapping, sources
from .fetch import MB, Fetcher

SCHEMA_PREFIXES = ("https://schema.oparl.org/1.0/", "https://schema.oparl.org/1.1/")
# Objects are processed parents first, so that references resolve.
ORDER = [
    "Organization",
    "Person",
    "Membership",
    "Location",
    "LegislativeTerm",
    "Meeting",
    "Paper",
    "Consultation",
    "AgendaItem",
    "File",
]
# property -> (type of the embedded object, back-reference to set on it, as list?)
EMBEDDED = {
    "Paper": {
        "consultation": ("paper", False),
        "mainFile": ("paper", True),
        "auxiliaryFile": ("paper", True),
        "location": (None, False),
    },
    "Meeting": {
        "agendaItem": ("meeting", False),
        "location": (None, False),
        "invitation": ("meeting", True),
        "resultsProtocol": ("meeting", True),
        "verbatimProtocol": ("meeting", True),
        "auxiliaryFile": ("meeting", True),
    },
    "Person": {"membership": ("person", False), "locationObject": (None, False)},
    "Body": {"legislativeTerm": ("body", False), "location": (None, False)},
    "Organization": {"location": (None, False)},
    "AgendaItem": {"resolutionFile": ("agendaItem", True), "auxiliaryFile": ("agendaItem", True)},
}


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    skipped_older: int = 0
    warnings: list[str] = field(default_factory=list)

    def count(self, bucket: dict[str, int], kind: str) -> None:
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        def fmt(bucket: dict[str, int]) -> str:
            return ", ".join(f"{n} {k}" for k, n in sorted(bucket.items())) or "keine"

        lines = [
            f"Neu: {fmt(self.created)}.",
            f"Geändert: {fmt(self.updated)}.",
            f"Als gelöscht markiert: {fmt(self.deleted)}.",
            f"Unverändert: {self.unchanged}; älter als modified_since: {self.skipped_older}.",
        ]
        if self.warnings:
            lines.append(f"{len(self.warnings)} Hinweise:")
            lines += [f"  – {w}" for w in self.warnings]
        return "\n".join(lines)


def type_name(obj: dict[str, Any]) -> str:
    kind = str(obj.get("type", ""))
    for prefix in SCHEMA_PREFIXES:
        if kind.startswith(prefix):
            return kind.removeprefix(prefix)
    return ""


#: Where a file is embedded: the property, kept as ``File.role`` (see ``mapping.file``).
ROLE = mapping.ROLE


def flatten(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """id -> object for every object, embedded ones lifted out with a back-reference.

    The embedding parent is written into the child (a consultation embedded in a paper
    gets ``paper``) unless the child names it already; the parent keeps the child's id.
    An embedded file remembers the property it came under (``@role``); an agenda item
    without ``order`` takes its place in the meeting's list. Where several copies of one
    id appear, the later and longer one wins, but a file keeps its first role.
    """
    found: dict[str, dict[str, Any]] = {}
    positions: dict[str, int] = {}

    def visit(obj: dict[str, Any]) -> None:
        obj = dict(obj)
        kind = type_name(obj)
        for prop, (backref, as_list) in EMBEDDED.get(kind, {}).items():
            value = obj.get(prop)
            children = value if isinstance(value, list) else [value]
            ids = []
            for position, child in enumerate(children, start=1):
                if isinstance(child, dict) and isinstance(child.get("id"), str):
                    child = dict(child)
                    if backref and not child.get(backref):
                        child[backref] = [obj["id"]] if as_list else obj["id"]
                    if as_list:  # files: remember where they were named
                        child[ROLE] = prop
                    visit(child)
                    ids.append(child["id"])
                elif isinstance(child, str):
                    ids.append(child)
                else:
                    continue
                if kind == "Meeting" and prop == "agendaItem":
                    positions.setdefault(ids[-1], position)
            if value is not None:
                obj[prop] = ids if isinstance(value, list) else (ids[0] if ids else None)
        previous = found.get(obj["id"])
        if previous is None or len(obj) >= len(previous):
            merged = {**(previous or {}), **obj}
            if previous and ROLE in previous:
                merged[ROLE] = previous[ROLE]
            found[obj["id"]] = merged

    for obj in objects:
        if isinstance(obj.get("id"), str):
            visit(obj)
    for item_id, position in positions.items():
        item = found.get(item_id)
        if item is not None and not isinstance(item.get("order"), int):
            item["order"] = position
    return found


def _modified(obj: dict[str, Any]) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(str(obj.get("modified", "")))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class Importer:
    def __init__(
        self,
        municipality: Municipality,
        objects: dict[str, dict[str, Any]],
        *,
        acting_user: ActingUser,
        progress: Callable[[int, int], None] | None,
        files: FileCopies | None = None,
    ) -> None:
        self.municipality = municipality
        self.objects = objects
        self.acting_user = acting_user
        self.progress = progress
        #: set when the import keeps a copy of each file's content
        self.files = files
        self.result = ImportResult()

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)

    def save(self, kind: str, instance: Any, values: dict[str, Any], visibility: str) -> Any:
        """Create or update with audit; unchanged records are neither saved nor audited."""
        created, was_deleted = instance.pk is None, getattr(instance, "deleted", False)
        instance, changed = save_audited(
            instance,
            values,
            acting_user=self.acting_user,
            summary="OParl-Import",
            municipality_id=self.municipality.pk,
            visibility=visibility,
        )
        if not changed:
            self.result.unchanged += 1
        elif created:
            self.result.count(self.result.created, kind)
        elif values.get("deleted") and not was_deleted:
            self.result.count(self.result.deleted, kind)
        else:
            self.result.count(self.result.updated, kind)
        return instance

    def run(self, modified_since: dt.datetime | None) -> ImportResult:
        todo = [
            (kind, obj) for kind in ORDER for obj in self.objects.values() if type_name(obj) == kind
        ]
        unknown = {type_name(o) or str(o.get("type")) for o in self.objects.values()} - {
            *ORDER,
            "System",
            "Body",
        }
        for kind in sorted(unknown):
            self.warn(f"Objekte vom Typ „{kind}“ werden nicht übernommen.")
        handlers = mapping.HANDLERS
        for done, (kind, obj) in enumerate(todo, start=1):
            modified = _modified(obj)
            if modified_since and modified and modified < modified_since:
                self.result.skipped_older += 1
            else:
                handlers[kind](self, obj)
            if self.progress:
                self.progress(done, len(todo))
        return self.result


@dataclass
class FileCopies:
    """``--download-files``: fetch each file's content, at most ``max_bytes`` each."""

    fetcher: Fetcher
    max_bytes: int


def check_body(
    bodies: list[dict[str, Any]], municipality: Municipality, source: str, accept_other: bool
) -> None:
    """Refuse a source whose body is another municipality, unless that is meant."""
    if accept_other or not bodies:
        return
    if any(sources.is_body_of(b, municipality.ags, municipality.name) for b in bodies):
        return
    body = bodies[0]
    ags = f" (AGS {body['ags']})" if body.get("ags") else ""
    ours = f" (AGS {municipality.ags})" if municipality.ags else ""
    raise ImportFailed.single(
        source,
        f"Die Körperschaft „{body.get('name') or body['id']}“{ags} ist nicht "
        f"{municipality.name}{ours}. Ist der Import in diese Kommune gewollt, "
        "wiederholen Sie ihn mit der Option --accept-other-body.",
    )


def import_oparl(
    source: str | Path,
    *,
    municipality: Municipality,
    modified_since: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    acting_user: ActingUser,
    log: Callable[[str], None] | None = None,
    accept_other_body: bool = False,
    download_files: bool = False,
    max_file_mb: float | None = None,
) -> ImportResult:
    """Import an OParl endpoint (http/https URL of the System) or a folder of JSON files.

    The one entry point for every caller (command, web, task queue); ``progress(done,
    total)`` is called after each object. All or nothing: any unreadable file or
    unreachable list raises ImportFailed before anything is written; any error while
    writing rolls the whole import back. A body that is not ``municipality`` (by AGS,
    else by name) is refused unless ``accept_other_body``.
    """
    if not is_process(acting_user) and not can_edit_planning_data(
        person(acting_user), municipality.pk
    ):
        raise PermissionDenied("Nur die Sozialplanung darf Ratsdaten importieren.")
    if modified_since and modified_since.tzinfo is None:
        modified_since = modified_since.replace(tzinfo=dt.UTC)
    text = str(source)
    if text.startswith(("http://", "https://")):
        fetcher = Fetcher(text)
        read = sources.read_endpoint(
            text,
            ags=municipality.ags,
            name=municipality.name,
            fetcher=fetcher,
            modified_since=modified_since.isoformat() if modified_since else None,
            log=log,
        )
    else:
        folder = Path(text)
        if not folder.is_dir():
            raise ImportFailed.single(text, "Weder Ordner noch http(s)-Adresse.")
        read = sources.read_folder(folder)
        # Files named in a folder live on the server the folder was taken from.
        origin_of = next((str(b["id"]) for b in read.bodies), "") or next(
            (str(o["id"]) for o in read.objects if str(o["id"]).startswith("http")), ""
        )
        fetcher = Fetcher(origin_of) if origin_of else None
    return import_read(
        read,
        text,
        fetcher,
        municipality=municipality,
        modified_since=modified_since,
        progress=progress,
        acting_user=acting_user,
        accept_other_body=accept_other_body,
        download_files=download_files,
        max_file_mb=max_file_mb,
    )


def import_read(
    read: sources.Read,
    source: str,
    fetcher: Fetcher | None,
    *,
    municipality: Municipality,
    modified_since: dt.datetime | None,
    progress: Callable[[int, int], None] | None,
    acting_user: ActingUser,
    accept_other_body: bool,
    download_files: bool = False,
    max_file_mb: float | None = None,
) -> ImportResult:
    """Write what was read (from a folder, a server, or the pages a sync job kept)."""
    check_body(read.bodies, municipality, source, accept_other_body)
    copies = None
    if download_files and fetcher is not None:
        limit = max_file_mb if max_file_mb is not None else fetcher.max_bytes / MB
        copies = FileCopies(fetcher, int(limit * MB))
    objects = flatten(read.objects)
    importer = Importer(
        municipality, objects, acting_user=acting_user, progress=progress, files=copies
    )
    importer.result.warnings += read.notes
    with transaction.atomic():
        result = importer.run(modified_since)
    return result


__all__ = ["ImportFailed", "ImportResult", "Visibility", "import_oparl"]
