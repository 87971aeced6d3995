"""Exporters of the needs app: the gap ranking of a category as CSV and XLSX.

Parameter rows come first (what the page states above its table), then the ranked areas;
withheld areas keep their row with the marker instead of figures.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from sozialplanung.reports.base import Parameter, TabularExporter, register
from sozialplanung.reports.spreadsheet import Column, Table

from .absorption import ABSORPTION_COLUMNS, absorptions, export_cells
from .compute import analyse, chosen_analysis
from .forecast import ForecastYear, compare_with_today
from .gap_result import GapAnalysis
from .profile_pdf import ProfileExporter  # noqa: F401 (registers it)

COLUMNS = (
    gettext_noop("Rank"),
    gettext_noop("Area code"),
    gettext_noop("Area"),
    gettext_noop("Gap score"),
    gettext_noop("Supply per week"),
    gettext_noop("Target group"),
    gettext_noop("Per 1,000"),
    gettext_noop("Coverage ratio"),
    gettext_noop("Deficit"),
    gettext_noop("Accessibility per 1,000"),
    gettext_noop("Without offer in reach (%)"),
    gettext_noop("Need reports"),
    gettext_noop("Explanation"),
    # Existing offers first (needs.absorption), at the end so the columns above keep
    # their places.
    *ABSORPTION_COLUMNS,
)


def _table(analysis: GapAnalysis) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for r in analysis.rows:
        g = r.gap
        if r.withheld:
            rows.append(["", r.area.code, r.area.name, *["•"] * 9, ""])
            continue
        cov = g.coverage

        def rnd(v: float | None, d: int = 2) -> float | None:
            return None if v is None else round(v, d)

        rows.append(
            [
                g.rank,
                r.area.code,
                r.area.name,
                rnd(g.score, 1),
                rnd(cov.supply, 1),
                rnd(cov.target, 0),
                rnd(cov.per_1000),
                rnd(cov.ratio),
                rnd(cov.deficit, 1),
                rnd(g.accessibility_per_1000),
                rnd(None if g.unreached_share is None else g.unreached_share * 100, 0),
                rnd(g.reported, 0),
                r.explanation,
            ]
        )
    return rows


@register
class GapsExporter(TabularExporter):
    identifier = "gaps"
    title = gettext_lazy("Gaps in provision of an offer category")
    parameters = (
        Parameter("kategorie", gettext_lazy("short name of the offer category (default: first)")),
        Parameter("ebene", gettext_lazy("short name of the area level (default: finest)")),
        Parameter("bereich", gettext_lazy("short name of a planning domain (its categories only)")),
        Parameter(
            "prognose",
            gettext_lazy("forecast year and variant, e.g. 2030|variant (default: today)"),
        ),
    )

    @cached_property
    def analysis(self) -> GapAnalysis:
        analysis = chosen_analysis(self.municipality, self.query, self.user)
        if analysis is None:
            raise PermissionDenied
        return analysis

    def file_name(self, fmt: str) -> str:
        analysis = self.analysis
        level = analysis.level.slug if analysis.level else ""
        year = (
            f"_{analysis.variation.period}" if isinstance(analysis.variation, ForecastYear) else ""
        )
        return f"{analysis.municipality.slug}_luecken_{analysis.category.slug}_{level}{year}.{fmt}"

    def tables(self) -> list[Table]:
        analysis = self.analysis
        columns = [Column(_(c)) for c in COLUMNS]
        rows = [
            row + export_cells(area)
            for row, area in zip(_table(analysis), absorptions(analysis), strict=True)
        ]
        if isinstance(analysis.variation, ForecastYear):
            # How each gap changes against today, as the page shows it.
            today = analyse(analysis.municipality, analysis.category, self.user, analysis.level)
            compare_with_today(analysis, today)
            columns += [Column(_("Gap score today")), Column(_("Change against today"))]
            for row, gap_row in zip(rows, analysis.rows, strict=True):
                before = gap_row.today  # type: ignore[attr-defined]
                if before is None or before.withheld or gap_row.withheld:
                    row += ["•", "•"]
                else:
                    score = before.gap.score
                    row += [
                        None if score is None else round(score, 1),
                        gap_row.score_change,  # type: ignore[attr-defined]
                    ]
        return [Table(_("Gaps"), columns, rows, preamble=analysis.header_rows())]
