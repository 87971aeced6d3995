"""What an import did, for the command line, the web page and tests of idempotence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: ``progress(done_rows, total_rows)``, called now and then during an import.
Progress = Callable[[int, int], None]


@dataclass
class ChangeCount:
    """What an action or import did, for messages and tests of idempotence."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: ChangeCount) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.details.extend(other.details)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def german_int(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@dataclass
class ImportResult:
    count: ChangeCount
    rows: int
    skipped: list[str] = field(default_factory=list)
    file: str = ""
    # "areas": ``count`` counts areas; "values": it counts indicator values.
    kind: str = "areas"

    def summary(self) -> str:
        c = self.count
        changes = (
            f"{german_int(c.created)} neu, {german_int(c.updated)} geändert, "
            f"{german_int(c.unchanged)} unverändert"
        )
        if self.kind == "areas":
            text = f"{german_int(self.rows)} Gebiete gelesen: {changes}"
        else:
            text = f"{german_int(self.rows)} Zeilen gelesen, Werte: {changes}"
        if self.skipped:
            text += f"; übersprungen: {'; '.join(self.skipped)}"
        return text


class ProgressEvery:
    """Calls ``progress`` about every per cent of ``total`` rows, and at the end."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total = progress, total
        self.step = max(1, total // 100)

    def __call__(self, done: int) -> None:
        if self.progress is not None and (done % self.step == 0 or done == self.total):
            self.progress(done, self.total)
