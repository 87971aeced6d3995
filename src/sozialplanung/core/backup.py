"""Backup and restore: the database and the uploaded files in one tar.gz file.

One format for SQLite and PostgreSQL: the rows as Django's ``dumpdata`` JSON (primary
keys kept, so every reference stays as it was), the files under MEDIA_ROOT, and a
manifest with the format, the program's migration state (latest migration per app),
the number of rows per model and a SHA-256 checksum of every other member. A restore
checks all of that before it touches anything, empties and loads the database in one
transaction, compares the row counts before committing, and only then puts the files
in place. Commands: ``sozialplanung backup`` and ``sozialplanung restore``.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
#: Django's JSON with exact times (backup_json.py); loaddata picks the format by the suffix.
SERIALIZATION = "sicherung"
serializers.register_serializer(SERIALIZATION, "sozialplanung.core.backup_json")
DATA = f"daten.{SERIALIZATION}"
FILES = "dateien/"
#: Rows that ``migrate`` creates itself; a database with only these counts as empty.
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}


class RestoreRefused(Exception):
    """The file cannot be restored here; the message says why (German). Nothing changed."""


def latest_migrations() -> dict[str, str]:
    """App label -> name of its latest applied migration, in the connected database."""
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def saved_models() -> list[Any]:
    """The models whose rows a backup holds: every concrete table Django manages."""
    return [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in saved_models()}


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def consistent_snapshot() -> Iterator[None]:
    """One transaction that sees one state of the database while the server keeps writing.

    PostgreSQL's default isolation would let every query see the newest rows; SQLite's
    read transaction is a snapshot already.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def create(target: Path) -> dict[str, Any]:
    """Write the backup file ``target``; returns its manifest."""
    with tempfile.TemporaryDirectory(prefix="sozialplanung-sicherung-") as tmp:
        data = Path(tmp) / DATA
        with consistent_snapshot():
            migrations = latest_migrations()
            counts = row_counts()
            call_command("dumpdata", all=True, format=SERIALIZATION, output=str(data), verbosity=0)
        files = {
            f"{FILES}{p.relative_to(settings.MEDIA_ROOT).as_posix()}": p for p in media_files()
        }
        checksums = {DATA: _file_sha256(data)} | {
            name: _file_sha256(p) for name, p in files.items()
        }
        manifest = {
            "format": FORMAT,
            "program": version("sozialplanung"),
            "created": timezone.now().isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "checksums": checksums,
        }
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.teil")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                raw = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(raw)
                archive.addfile(info, io.BytesIO(raw))
                archive.add(data, arcname=DATA)
                for name, path in files.items():
                    archive.add(path, arcname=name)
            partial.replace(target)  # a crash mid-way leaves no half file under the real name
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _file_sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return sha256(stream)


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of ``source`` after checking every member against its checksum."""
    name = source.name
    try:
        with tarfile.open(source, "r:gz") as archive:
            member = archive.next()
            if member is None or member.name != MANIFEST:
                raise RestoreRefused(
                    f"{name} ist keine Sicherung von Sozialplanung (kein {MANIFEST})."
                )
            manifest = json.load(archive.extractfile(member))  # type: ignore[arg-type]
            if manifest.get("format") != FORMAT:
                raise RestoreRefused(
                    f"{name} hat das Sicherungsformat {manifest.get('format')}, "
                    f"dieses Programm liest Format {FORMAT}."
                )
            expected: dict[str, str] = dict(manifest["checksums"])
            for member in archive:
                if member.name == MANIFEST or not member.isfile():
                    continue
                wanted = expected.pop(member.name, None)
                stream = archive.extractfile(member)
                if wanted is None or stream is None or sha256(stream) != wanted:
                    raise RestoreRefused(
                        f"{name} ist beschädigt: Prüfsumme von {member.name} stimmt nicht."
                    )
            if expected:
                raise RestoreRefused(
                    f"{name} ist unvollständig: es fehlt {', '.join(sorted(expected))}."
                )
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError, KeyError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise RestoreRefused(f"Datei {source} gibt es nicht.") from None
        raise RestoreRefused(f"{name} ist beschädigt oder keine Sicherung ({exc}).") from None
    return manifest


def version_differences(manifest: dict[str, Any]) -> list[str]:
    """Apps whose latest migration differs between the backup and this database."""
    here = latest_migrations()
    there: dict[str, str] = manifest["migrations"]
    return [
        f"{app}: Sicherung {there.get(app, '–')}, Datenbank {here.get(app, '–')}"
        for app in sorted(set(here) | set(there))
        if here.get(app) != there.get(app)
    ]


def database_is_empty() -> bool:
    return not any(n for label, n in row_counts().items() if label not in CREATED_BY_MIGRATE)


def empty_database() -> None:
    """Delete every row of every table (as ``flush``, but inside the caller's transaction)."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with pending deferred checks of this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
    connection.ops.execute_sql_flush(
        sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=True)
    )


def check_restorable(source: Path, *, replace: bool) -> dict[str, Any]:
    """Everything a restore checks before it changes anything; returns the manifest."""
    manifest = read_manifest(source)
    if not latest_migrations():
        raise RestoreRefused(
            "Die Datenbank ist nicht eingerichtet: bitte zuerst sozialplanung migrate."
        )
    differences = version_differences(manifest)
    if differences:
        raise RestoreRefused(
            f"{source.name} stammt von einem anderen Programmstand (Migrationen "
            f"{'; '.join(differences)}). Bitte mit dem Programmstand der Sicherung wiederherstellen."
        )
    if not replace and not database_is_empty():
        raise RestoreRefused(
            "Die Datenbank enthält schon Daten. Zum Ersetzen: sozialplanung restore DATEI --replace."
        )
    return manifest


def restore(source: Path, *, replace: bool = False) -> dict[str, Any]:
    """Replace the database and the uploaded files with the backup ``source``."""
    manifest = check_restorable(source, replace=replace)
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = media.parent / f".{media.name}-wiederherstellung-{uuid.uuid4().hex}"
    try:
        with tempfile.TemporaryDirectory(prefix="sozialplanung-wiederherstellung-") as tmp:
            _extract(source, Path(tmp), staging)
            with transaction.atomic():
                empty_database()
                call_command("loaddata", str(Path(tmp) / DATA), verbosity=0)
                counts = row_counts()
                if counts != manifest["counts"]:
                    wrong = [k for k in counts if counts[k] != manifest["counts"].get(k)]
                    raise RestoreRefused(
                        f"Nach dem Laden stimmen die Zeilenzahlen nicht ({', '.join(wrong)}); "
                        "nichts wurde geändert."
                    )
        _swap(staging, media)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return manifest


def _extract(source: Path, tmp: Path, staging: Path) -> None:
    staging.mkdir()
    with tarfile.open(source, "r:gz") as archive:
        for member in archive:
            if member.name == DATA:
                archive.extract(member, tmp, filter="data")
            elif member.name.startswith(FILES) and member.isfile():
                member.name = member.name.removeprefix(FILES)
                archive.extract(member, staging, filter="data")  # refuses ../ and absolute paths


def _swap(staging: Path, media: Path) -> None:
    old = media.parent / f".{media.name}-alt-{uuid.uuid4().hex}"
    if media.exists():
        media.rename(old)
    staging.rename(media)
    if old.exists():
        shutil.rmtree(old)
