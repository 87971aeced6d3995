"""German numbers in imported cells (reading the files is ``core.imports.tabular``)."""

from __future__ import annotations

import math
import re

from sozialplanung.core.imports.tabular import Cell

# German: "1.234,5", "1234,5"; international: "1234.5", "1,234.5", "1e3".
_GERMAN = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_POINT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?$|^[+-]?\.\d+$")


def parse_number(value: Cell | object) -> float | None:
    """A number from a cell; None for an empty cell. Raises ValueError (German).

    A lone point is read as a decimal point ("1.5" = 1,5), as machine exports write
    it; a German thousands point is recognised together with a decimal comma
    ("1.234,5") or when there are several ("1.234.567").
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"„{value}“ ist keine Zahl")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if text == "":
        return None
    if text.endswith("%"):
        text = text[:-1]
    number = text.replace("−", "-")
    if _GERMAN.match(number) and (number.count(".") != 1 or "," in number):
        return float(number.replace(".", "").replace(",", "."))
    if _POINT.match(number):
        return float(number.replace(",", ""))
    raise ValueError(f"„{value}“ ist keine Zahl")
