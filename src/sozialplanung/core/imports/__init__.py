"""What every importer shares: problems and failure, results and progress, reading
CSV/XLSX tables. Import jobs of the web upload are ``core.imports.jobs`` (they need
the database, so they are not loaded with this package)."""

from .errors import ImportFailed, ImportProblem, excerpt
from .results import ChangeCount, ImportResult, Progress, ProgressEvery
from .tabular import Lines, Row, Table, read_lines, read_table

__all__ = [
    "ChangeCount",
    "ImportFailed",
    "ImportProblem",
    "ImportResult",
    "Lines",
    "Progress",
    "ProgressEvery",
    "Row",
    "Table",
    "excerpt",
    "read_lines",
    "read_table",
]
