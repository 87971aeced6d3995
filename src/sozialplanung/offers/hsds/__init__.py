"""Open Referral HSDS 3.0: export (JSON objects and the tabular package) and import.

Mapping and extension are documented in docs/hsds.md.
"""

from __future__ import annotations

from pathlib import Path

from sozialplanung.core.models import Municipality

from .export import build_hsds
from .package import ExportResult, write_hsds
from .reading import HsdsImportResult, import_hsds


def export_hsds(
    municipality: Municipality, out_dir: Path | str, *, internal: bool = False
) -> ExportResult:
    """Write the municipality's offers as HSDS 3.0 (public data unless ``internal``)."""
    data = build_hsds(municipality, internal=internal)
    return write_hsds(data, out_dir, package_name=f"hsds-{municipality.slug}")


__all__ = [
    "ExportResult",
    "HsdsImportResult",
    "build_hsds",
    "export_hsds",
    "import_hsds",
    "write_hsds",
]
