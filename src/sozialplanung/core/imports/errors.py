"""What goes wrong in an import, said so that a clerk finds the cell in Excel.

Row numbers are the line numbers a user sees in Excel or an editor: the header is
row 1, the first data row is row 2. Files without rows (GeoJSON, GeoPackage,
Shapefile) count their objects ("Objekt 7") instead.
"""

from __future__ import annotations

from dataclasses import dataclass

#: How many problems ``str(ImportFailed)`` lists before it only counts the rest.
SHOWN_PROBLEMS = 20

#: Longest cell content a message quotes; a huge cell must not make a huge message.
EXCERPT_CHARS = 80
#: Longest message and column name a problem keeps, whatever an importer put in.
MESSAGE_CHARS = 500


def excerpt(text: object, limit: int = EXCERPT_CHARS) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" where it was cut."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class ImportProblem:
    """One problem in one place of an imported file."""

    file: str
    row: int | None
    column: str | None
    message: str
    # "Zeile" for tables, "Objekt" for geodata files whose features have no line.
    unit: str = "Zeile"

    def __post_init__(self) -> None:
        # Problems end up in job records and on pages: bound them here, once for all
        # importers, so that no file can make either of them grow with its size.
        object.__setattr__(self, "file", excerpt(self.file))
        if self.column:
            object.__setattr__(self, "column", excerpt(self.column))
        object.__setattr__(self, "message", excerpt(self.message, MESSAGE_CHARS))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"{self.unit} {self.row}")
        if self.column:
            where.append(f"Spalte „{self.column}“")
        return f"{', '.join(where)}: {self.message}"


class ImportFailed(Exception):
    """An import found problems and wrote nothing."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems[:SHOWN_PROBLEMS]]
        rest = len(self.problems) - SHOWN_PROBLEMS
        if rest > 0:
            lines.append(f"… und {rest} weitere")
        return "\n".join(lines)

    @classmethod
    def single(
        cls, file: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> ImportFailed:
        return cls([ImportProblem(file, row, column, message)])
