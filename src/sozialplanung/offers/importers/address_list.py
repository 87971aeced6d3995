"""The municipality's address list from CSV or XLSX: Straße, Hausnummer, PLZ, Breite, Länge.

All or nothing, like every importer: a wrong row and nothing is stored; each problem
names file, row and column. A new list replaces the old one in one transaction, with
one entry in the trail (the list is reference data, not a record per address).
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from sozialplanung.core.audit import ActingUser, record_change
from sozialplanung.core.formats.numbers import parse_decimal
from sozialplanung.core.imports.errors import ImportFailed, ImportProblem
from sozialplanung.core.imports.tabular import read_table
from sozialplanung.core.models import Municipality

from ..addresses import number_key, street_key
from ..models import AddressPoint

COLUMNS = {
    "street": "Straße",
    "number": "Hausnummer",
    "postal_code": "PLZ",
    "lat": "Breite",
    "lon": "Länge",
}


def _coordinate(text: str, low: float, high: float) -> float:
    value = parse_decimal(text, machine_written=True)
    if value is None:
        raise ValueError("fehlt")
    if not low <= float(value) <= high:
        raise ValueError(f"liegt nicht zwischen {low:g} und {high:g}")
    return float(value)


def import_address_list(
    path: Path | str, *, municipality: Municipality, acting_user: ActingUser
) -> int:
    """Replace ``municipality``'s address list with the file's; returns the count."""
    table = read_table(path)
    table.require_columns(list(COLUMNS.values()))
    problems: list[ImportProblem] = []
    points: dict[tuple[str, str, str], AddressPoint] = {}
    for row in table.rows:
        street, number = row.text(COLUMNS["street"]).strip(), row.text(COLUMNS["number"]).strip()
        postal_code = row.text(COLUMNS["postal_code"]).strip()
        for column, value in ((COLUMNS["street"], street), (COLUMNS["number"], number)):
            if not value:
                problems.append(ImportProblem(table.file, row.number, column, "Angabe fehlt"))
        coordinates = []
        for column, low, high in ((COLUMNS["lat"], -90, 90), (COLUMNS["lon"], -180, 180)):
            try:
                coordinates.append(_coordinate(row.text(column), low, high))
            except ValueError as exc:
                reason = str(exc) if str(exc) != row.text(column) else "ist keine Zahl"
                problems.append(
                    ImportProblem(table.file, row.number, column, f"„{row.text(column)}“ {reason}")
                )
        if not street or not number or len(coordinates) < 2:
            continue
        key = (street_key(street), number_key(number), postal_code)
        if key in points:
            problems.append(
                ImportProblem(
                    table.file,
                    row.number,
                    COLUMNS["number"],
                    f"{street} {number} steht doppelt in der Liste",
                )
            )
            continue
        points[key] = AddressPoint(
            municipality=municipality,
            street=street,
            street_key=key[0],
            house_number=key[1],
            postal_code=postal_code,
            latitude=coordinates[0],
            longitude=coordinates[1],
        )
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        old = AddressPoint.objects.filter(municipality=municipality)
        before = old.count()
        old.delete()
        AddressPoint.objects.bulk_create(points.values(), batch_size=2000)
        record_change(
            municipality,
            before={"address_list": before},
            after={"address_list": len(points)},
            acting_user=acting_user,
            summary=f"Adressliste eingelesen: {len(points)} Adressen",
            municipality_id=municipality.pk,
        )
    return len(points)
