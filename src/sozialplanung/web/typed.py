"""Numbers as people type them into forms: "1.234,5", "250.000", "3,5", "−1", "12.5".

A comma is the decimal mark and points are then thousands separators; without a comma,
points in groups of three digits ("250.000", "1.234.567") are thousands separators and a
lone other point is a decimal point ("12.5"). Files from machines follow other rules
(``areas.importers.tabular.parse_number``); this is for what a person typed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_decimal(text: str) -> Decimal | None:
    """The number typed, None for an empty field; ValueError for anything else."""
    value = text.strip().replace("\u2212", "-")
    value = value.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not value:
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number
