"""Compare intake results with hand-written expectations (``<name>.expected.json``).

Exact match after normalisation: strings whitespace-collapsed, case-sensitive; lists
element by element (a list is right only when every element and the length are right);
items compare number and text. Used by ``sozialplanung intake-eval``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sozialplanung.intake import IntakeError, read_document

#: Compared fields, in table order. "items.count"/"items.numbers" are the parts of Done-when 1.
FIELDS = (
    "doc_type",
    "reference",
    "date",
    "session",
    "subject",
    "submitter",
    "consultations",
    "items.count",
    "items.numbers",
    "items.text",
    "item_status",
    "next_control_date",
    "vote",
)
#: The fields the five samples must get right (issue 6, Done-when 1).
REQUIRED = (
    "doc_type",
    "reference",
    "date",
    "session",
    "items.count",
    "items.numbers",
    "item_status",
    "next_control_date",
)


@dataclass
class DocumentScore:
    name: str
    correct: dict[str, bool] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    error: str | None = None


def norm(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {k: norm(v) for k, v in sorted(value.items())}
    return value


def field_value(fields: dict[str, Any], key: str) -> Any:
    items = fields.get("items") or []
    if key == "items.count":
        return len(items)
    if key == "items.numbers":
        return [item.get("number") for item in items]
    if key == "items.text":
        return [(item.get("number"), item.get("text")) for item in items]
    if key == "item_status":
        # Evidence and narrative are shown for review; the expectation fixes the status.
        return [
            {k: entry.get(k) for k in ("number", "status", "next_control_date")}
            for entry in fields.get("item_status") or []
        ]
    return fields.get(key)


def documents(directory: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(directory.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        sources = [p for p in directory.glob(f"{stem}.*") if p != expected]
        if sources:
            pairs.append((sources[0], expected))
    return pairs


def score_document(source: Path, expected_path: Path) -> DocumentScore:
    score = DocumentScore(source.name)
    try:
        result = read_document(source)
    except IntakeError as exc:
        score.error = str(exc)
        return score
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for key in FIELDS:
        want = norm(field_value(expected, key))
        got = norm(field_value(result.fields, key))
        score.correct[key] = want == got
        if want != got:
            score.misses.append(f"{key}: erwartet {_short(want)}, gelesen {_short(got)}")
    return score


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:159] + "…"


def evaluate(directory: Path) -> list[DocumentScore]:
    return [score_document(source, expected) for source, expected in documents(directory)]


def table(scores: list[DocumentScore]) -> str:
    readable = [s for s in scores if s.error is None]
    width = max(len(f) for f in FIELDS)
    lines = [f"{'Feld':<{width}}  richtig  Anteil", f"{'-' * width}  -------  ------"]
    for key in FIELDS:
        right = sum(1 for s in readable if s.correct.get(key))
        total = len(readable)
        percent = 100 * right / total if total else 0.0
        lines.append(f"{key:<{width}}  {right:>3}/{total:<3}  {percent:5.1f} %")
    return "\n".join(lines)
