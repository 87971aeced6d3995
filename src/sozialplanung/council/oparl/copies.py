"""``--download-files``: keep a copy of an imported file's content in our storage.

Our server then answers the file's ``accessUrl`` from the copy instead of redirecting
to the source, which may go offline. The download goes through the same ``Fetcher``
as the import (origin, address, size and time rules), each file capped at
``FileCopies.max_bytes``. A file that cannot be fetched or is too big keeps only its
metadata and source URLs, with a warning: one missing PDF must not undo a whole import.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sozialplanung.core.imports import ImportFailed
from sozialplanung.council.models import File

if TYPE_CHECKING:
    from .importer import Importer


def keep_copy(imp: Importer, record: File) -> None:
    assert imp.files is not None
    url = record.download_url or record.access_url
    if not url:
        return
    try:
        data, _content_type = imp.files.fetcher.read(url, imp.files.max_bytes)
    except ImportFailed as exc:
        imp.warn(f"{record.oparl_id}: Inhalt nicht übernommen – {exc}")
        return
    upload_to = File._meta.get_field("content").upload_to
    name = default_storage.save(f"{upload_to}{record.file_name or 'datei'}", ContentFile(data))
    values = {"content": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    imp.save("Datei", record, values, record.visibility)
