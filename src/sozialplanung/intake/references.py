"""Paper references and session numbers, repaired where OCR damaged them.

Dresden-style: a letter prefix, digits, "/", a two-digit year: V2696/24 (Vorlage),
A0200/21 (Antrag), AF1234/23 (Anfrage), also with a space ("V 2696/24"). OCR misreads the
prefix ("y2696/24", "\\/2696/24") and digits (O for 0, l or I for 1): repaired and
reported. Leipzig-style "VI-A-05385" or "VII-DS-01234-NF-02" and SessionNet-style
"VO/2025/0147" are kept as printed; so are papers of a local council ("A-CB0205/18":
Antrag of the Ortschaft Cossebaude). Session numbers look like "SR/063/2024" (body,
running number, year) or "FL/SE/014/2015" (a committee's sub-committee).
"""

from __future__ import annotations

import re

#: Prefixes of Dresden-style papers: Vorlage, Antrag, Anfrage, Informationsvorlage, …
PREFIXES = ("V", "A", "AF", "AE", "AS", "IV", "BV", "DS", "PE", "EA")
#: OCR shapes of a "V" at the start of a reference.
_V_LOOKALIKES = ("y", "Y", "v", "\\/", "\\j", "W")

_DIGITS_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"})

_DRESDEN = re.compile(
    r"(?<![A-Za-z0-9-])(?P<prefix>[AV]-[A-Z]{2}|AF|AE|AS|IV|BV|DS|PE|EA|V|A|y|Y|v|\\/|W)"
    r" ?(?P<num>[0-9OolI|]{3,5}) ?/ ?(?P<year>[0-9OolI|]{2})(?![0-9/])"
)
_LEIPZIG = re.compile(
    r"(?<![A-Za-z0-9-])(?P<ref>[IVX]{1,4}-(?:[A-Z]{1,3}-)?\d{4,5}(?:-[A-Z]{1,3}-\d{1,3})*)(?![\w])"
)
# SessionNet / Somacos: kind, four-digit year, running number ("VO/2025/0147").
_SESSIONNET = re.compile(r"(?<![A-Za-z0-9/])(?P<ref>[A-Z]{1,4}/(?:19|20)\d{2}/\d{1,5})(?![0-9/])")
# A committee of a committee prints both bodies: "FL/SE/014/2015".
# A local council (Ortschaftsrat, Stadtbezirksbeirat) prints its kind before the place:
# "OSR CB/046/2018".
_SESSION = re.compile(
    r"(?<![A-Za-z/])(?P<ref>(?:(?:OSR|SBR) )?[A-ZÄÖÜ]{1,6}(?:/[A-ZÄÖÜ]{1,6})?/\d{3}/\d{4})(?![0-9])"
)


def repair_reference(raw: str) -> tuple[str | None, bool]:
    """``(reference, repaired)`` for one printed reference, or ``(None, False)``."""
    raw = raw.strip()
    if _LEIPZIG.fullmatch(raw) or _SESSIONNET.fullmatch(raw):
        return raw, False
    match = _DRESDEN.fullmatch(raw)
    if not match:
        return None, False
    return _from_match(match)


def _from_match(match: re.Match[str]) -> tuple[str, bool]:
    prefix = match.group("prefix")
    if prefix in _V_LOOKALIKES:
        prefix = "V"
    num = match.group("num").translate(_DIGITS_FIX)
    year = match.group("year").translate(_DIGITS_FIX)
    ref = f"{prefix}{num}/{year}"
    printed = match.group(0).replace(" ", "")
    return ref, ref != printed


def find_reference(text: str) -> tuple[str | None, bool]:
    """The first paper reference in ``text``: ``(reference, repaired)``."""
    found = [m for m in (_LEIPZIG.search(text), _SESSIONNET.search(text)) if m]
    dresden = _DRESDEN.search(text)
    kept = min(found, key=lambda m: m.start()) if found else None
    if kept and (not dresden or kept.start() <= dresden.start()):
        return kept.group("ref"), False
    if dresden:
        return _from_match(dresden)
    return None, False


def find_session(text: str) -> str | None:
    match = _SESSION.search(text)
    return match.group("ref") if match else None
