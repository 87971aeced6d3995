"""Accuracy on real Dresden council documents (``../shared/data/dresden-ratsinfo``).

The folder is not part of the repository (its licence is not confirmed): it is read where
it lies, and ``intake-eval`` prints a note instead of the tables when it is absent.

Two measures:

* the 27 hand-annotated status letters (``annotated/<id>.txt`` + ``.expected.json``),
  field by field and point by point;
* all 52 texts (``texts/<id>.txt``) against the repository's metadata: the kind from the
  file name and the paper reference.

**Honest tuning.** Every document belongs to one of two sets, fixed before any rule was
written: the 52 file ids sorted as numbers, even positions (0, 2, 4, …) are the tuning set,
odd positions the held-out set; an annotated letter belongs to the set of its text (so no
document is tuning in one table and held-out in the other). Rules were written by reading
only tuning documents; the figures are printed for both sets separately.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sozialplanung.intake import IntakeError, IntakeResult, read_document
from sozialplanung.intake.extract import STATUS_VALUES

TUNING = "Tuning"
HELD_OUT = "zurückgehalten"
SETS = (TUNING, HELD_OUT)

#: Status labels of the hand annotation -> the product's statuses (``StatusReport.Status``).
#: "wird beachtet" (a standing duty that is being observed) is the product's
#: "wird berücksichtigt".
ANNOTATION_STATUS = {**STATUS_VALUES, "wird beachtet": "wird_beruecksichtigt"}
#: Kind in metadata.jsonl -> doc_type. A committee recommendation is printed as the
#: committee's Beschlussausfertigung; the minutes of a whole session are no document type
#: of the product.
METADATA_KIND = {"beschlussempfehlung": "beschlussausfertigung", "niederschrift": "other"}

#: Columns of the letters table: (key, German label).
LETTER_FIELDS = (
    ("doc_type", "Dokumentart"),
    ("reference", "Aktenzeichen"),
    ("session", "Sitzung"),
    ("next_control_date", "nächste Kontrolle"),
    ("date", "Datum"),
    ("items.numbers", "Punkte: Anzahl+Nummern"),
    ("point_status", "Stand je Punkt"),
    ("subject", "Betreff"),
    ("submitter", "Einreicher"),
)
#: Done-when 1 of issue 15 (share that must be reached on all 27 letters).
LETTER_TARGETS = {
    "doc_type": 0.97,
    "reference": 0.95,
    "session": 0.95,
    "next_control_date": 0.95,
    "items.numbers": 0.90,
    "point_status": 0.85,
}
TEXT_TARGETS = {"doc_type": 0.95, "reference": 0.95}


def split(ids: Iterable[str]) -> dict[str, str]:
    """File id -> TUNING or HELD_OUT (see the module docstring)."""
    ordered = sorted(ids, key=int)
    return {fid: TUNING if index % 2 == 0 else HELD_OUT for index, fid in enumerate(ordered)}


@dataclass
class Tally:
    """Right / counted per set, for one column."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SETS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SETS, 0))

    def add(self, which: str, right: int, total: int = 1) -> None:
        self.right[which] += right
        self.total[which] += total

    def share(self, which: str | None = None) -> float | None:
        keys = SETS if which is None else (which,)
        total = sum(self.total[k] for k in keys)
        return sum(self.right[k] for k in keys) / total if total else None

    def cell(self, which: str | None = None) -> str:
        keys = SETS if which is None else (which,)
        right, total = sum(self.right[k] for k in keys), sum(self.total[k] for k in keys)
        share = self.share(which)
        return f"{right:>3}/{total:<3} {100 * share:5.1f} %" if share is not None else "–"


@dataclass
class CorpusReport:
    letters: dict[str, Tally] = field(default_factory=dict)
    texts: dict[str, Tally] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _read(path: Path, report: CorpusReport) -> IntakeResult | None:
    try:
        return read_document(path)
    except IntakeError as exc:
        report.errors.append(f"{path.name}: {exc}")
        return None


def _status(value: Any) -> str | None:
    return ANNOTATION_STATUS.get(str(value)) if value else None


def point_statuses(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[bool]:
    """Per expected point: is the status found for the same point the same status?

    Points pair by number; an unnumbered resolution (number null) pairs by position."""
    found = {entry.get("number"): entry for entry in got if entry.get("number")}
    result = []
    for index, want in enumerate(expected):
        number = want.get("number")
        entry = found.get(number) if number else (got[index] if index < len(got) else None)
        status = _status(entry.get("status")) if entry else None
        result.append(status is not None and status == _status(want.get("status")))
    return result


def _numbers(fields: dict[str, Any]) -> list[Any]:
    return [item.get("number") for item in fields.get("items") or []]


def score_letters(folder: Path, report: CorpusReport) -> None:
    annotated = folder / "annotated"
    sets = split(p.stem for p in (folder / "texts").glob("*.txt") if p.stem.isdigit())
    report.letters = {key: Tally() for key, _label in LETTER_FIELDS}
    for expected_path in sorted(annotated.glob("*.expected.json")):
        fid = expected_path.name.removesuffix(".expected.json")
        which = sets.get(fid, HELD_OUT)
        result = _read(annotated / f"{fid}.txt", report)
        if result is None:
            continue
        want = json.loads(expected_path.read_text(encoding="utf-8"))
        got = result.fields
        for key, _label in LETTER_FIELDS:
            if key == "point_status":
                marks = point_statuses(want["item_status"], got.get("item_status") or [])
                report.letters[key].add(which, sum(marks), len(marks))
                wrong = [
                    str(entry.get("number"))
                    for entry, ok in zip(want["item_status"], marks, strict=True)
                    if not ok
                ]
                if wrong:
                    report.misses.append(
                        f"{fid} ({which}): Stand falsch bei Punkt {', '.join(wrong)}"
                    )
                continue
            if key == "items.numbers":
                ok = _numbers(want) == _numbers(got)
                want_value, got_value = _numbers(want), _numbers(got)
            else:
                want_value, got_value = want.get(key), got.get(key)
                ok = want_value == got_value
            report.letters[key].add(which, int(ok))
            if not ok and key in LETTER_TARGETS:
                report.misses.append(
                    f"{fid} ({which}): {key}: erwartet {want_value!r}, gelesen {got_value!r}"
                )


def score_texts(folder: Path, report: CorpusReport) -> None:
    records = [
        json.loads(line)
        for line in (folder / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    sets = split(record["id"] for record in records)
    report.texts = {"doc_type": Tally(), "reference": Tally()}
    for record in sorted(records, key=lambda r: int(r["id"])):
        fid, which = record["id"], sets[record["id"]]
        result = _read(folder / record["text_file"], report)
        if result is None:
            continue
        kind = METADATA_KIND.get(record["kind"], record["kind"])
        ok = result.fields["doc_type"] == kind
        report.texts["doc_type"].add(which, int(ok))
        if not ok:
            report.misses.append(
                f"{fid} ({which}): Art laut Metadaten {kind}, gelesen {result.fields['doc_type']}"
            )
        reference = (record.get("paper") or {}).get("reference")
        if reference:
            ok = result.fields["reference"] == reference
            report.texts["reference"].add(which, int(ok))
            if not ok:
                report.misses.append(
                    f"{fid} ({which}): Aktenzeichen laut Metadaten {reference}, "
                    f"gelesen {result.fields['reference']}"
                )


def evaluate_corpus(folder: Path) -> CorpusReport:
    report = CorpusReport()
    score_letters(folder, report)
    score_texts(folder, report)
    return report


def _table(
    title: str, tallies: dict[str, Tally], labels: dict[str, str], targets: dict[str, float]
) -> list[str]:
    width = max(len(label) for label in labels.values())
    head = f"{'Feld':<{width}}  {TUNING:>17}  {HELD_OUT:>17}  {'alle':>17}  Ziel"
    lines = [title, head, "-" * len(head)]
    for key, tally in tallies.items():
        goal = targets.get(key)
        mark = ""
        if goal is not None:
            share = tally.share()
            mark = f"≥ {100 * goal:.0f} % " + (
                "erreicht" if share and share >= goal else "VERFEHLT"
            )
            held_out = tally.share(HELD_OUT)
            if held_out is not None and held_out < goal:
                # The target is set for all letters; say so where the unseen part misses it.
                mark += ", zurückgehalten darunter"
        cells = "  ".join(f"{tally.cell(which):>17}" for which in (*SETS, None))
        lines.append(f"{labels[key]:<{width}}  {cells}  {mark}")
    return lines


def corpus_table(report: CorpusReport) -> str:
    lines = _table(
        "27 annotierte Beschlusskontrollen (richtig/gezählt; Stand je Punkt: Punkte)",
        report.letters,
        dict(LETTER_FIELDS),
        LETTER_TARGETS,
    )
    lines.append("")
    lines += _table(
        "52 Texte gegen die Metadaten (Art aus dem Dateinamen, Aktenzeichen der Vorlage)",
        report.texts,
        {"doc_type": "Dokumentart", "reference": "Aktenzeichen"},
        TEXT_TARGETS,
    )
    return "\n".join(lines)
