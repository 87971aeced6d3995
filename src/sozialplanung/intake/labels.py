"""Labels printed in council documents, found even where OCR damaged them.

Scanned letters print "Nächste Beschiusskontrolle:", "Beschlusskontrolie zu", "Datum;",
and split a label over two lines ("Nächste B" / "lusskontrolle: 28. Februar 2015"). Exact
patterns miss these; the comparison here uses rapidfuzz's normalised similarity, so a label
matches when it is close enough to the printed words, never by hand-counted edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

#: Similarity (0–100) at which a printed text counts as the label. Tuned on the kinds of
#: damage in BASELINE.md: one or two wrong letters, or a few lost in a line break.
THRESHOLD = 84.0


def _plain(text: str) -> str:
    """Lower case, letters and single spaces only: punctuation is what OCR damages most."""
    return " ".join(re.sub(r"[^a-zäöüß ]+", " ", text.lower()).split())


def similar(printed: str, label: str) -> float:
    return fuzz.ratio(_plain(printed), _plain(label))


def starts_with_label(line: str, label: str, threshold: float = THRESHOLD) -> bool:
    """Does ``line`` begin with (an OCR-damaged form of) ``label``?"""
    plain = _plain(line)
    wanted = _plain(label)
    if not plain:
        return False
    # The same number of words as the label, and one more (OCR splits words).
    words = plain.split()
    count = len(wanted.split())
    candidates = {" ".join(words[:count]), " ".join(words[: count + 1])}
    return max(fuzz.ratio(c, wanted) for c in candidates) >= threshold


@dataclass(frozen=True)
class LabelledLine:
    """Where a label ends: the line index and the text after the label on that line."""

    index: int
    rest: str


def find_labelled(
    lines: list[str], label: str, *, threshold: float = THRESHOLD, join_previous: bool = True
) -> list[LabelledLine]:
    """Every line that carries ``label`` before a colon (or the label alone), OCR-tolerant.

    With ``join_previous`` a label split over two lines ("Nächste B" / "lusskontrolle: …")
    is found on the second line, its start on the nearest non-empty line above."""
    found = []
    for index, line in enumerate(lines):
        head, colon, rest = _split_colon(line)
        if not head:
            continue
        if similar(head, label) >= threshold:
            found.append(LabelledLine(index, rest if colon else ""))
            continue
        if join_previous and colon:
            above = _previous_text(lines, index)
            if above and len(above) < len(label) and similar(f"{above} {head}", label) >= threshold:
                found.append(LabelledLine(index, rest))
    return found


def _split_colon(line: str) -> tuple[str, str, str]:
    # OCR reads the colon of a label as ";" too ("Datum;", "Gegenstand;").
    match = re.match(r"^([^:;]{1,60})([:;])(.*)$", line.strip())
    if match:
        return match.group(1).strip(), match.group(2), match.group(3).strip()
    return line.strip(), "", ""


def _previous_text(lines: list[str], index: int) -> str:
    for line in reversed(lines[max(0, index - 3) : index]):
        if line.strip():
            return line.strip()
    return ""
