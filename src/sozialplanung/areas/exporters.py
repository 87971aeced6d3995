"""Exporters of the areas app: the ranking of an indicator's areas as CSV.

Attribution travels as a column ("Quelle und Lizenz") on every row rather than a comment
line, so the file stays a plain table that every tool reads, and filtering or sorting in
Excel never separates values from their source.
"""

from __future__ import annotations

from functools import cached_property

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.reports.base import Parameter, TabularExporter, register
from sozialplanung.reports.spreadsheet import Column, Table

from . import queries
from .models import AreaLevel, Indicator
from .ranking import indicator_selection, ranking


@register
class IndicatorRankingExporter(TabularExporter):
    identifier = "indicator-ranking"
    title = gettext_lazy("Ranking of the areas by an indicator")
    formats = ("csv",)
    parameters = (
        Parameter("indicator", gettext_lazy("short name of the indicator"), required=True),
        Parameter("ebene", gettext_lazy("short name of the area level (default: finest)")),
        Parameter("zeitraum", gettext_lazy("period, e.g. 2023 (default: newest)")),
    )

    @cached_property
    def selection(self) -> tuple[Indicator, AreaLevel, str]:
        # A non-public indicator is a 404 for whoever may not read it, as on its page.
        indicator = queries.indicator_or_404(self.municipality, self.param("indicator"), self.user)
        _levels, level, _periods, period = indicator_selection(self.query, indicator)
        if level is None or period is None:
            raise Http404(_("No values for this selection."))
        return indicator, level, period

    def file_name(self, fmt: str) -> str:
        indicator, level, period = self.selection
        return f"{self.municipality.slug}_{indicator.slug}_{level.slug}_{period}.{fmt}"

    def tables(self) -> list[Table]:
        indicator, level, period = self.selection
        columns = [
            Column(_("Rank")),
            Column(_("Area code")),
            Column(_("Area")),
            Column(_("Level")),
            Column(_("Period")),
            Column(_("Indicator")),
            Column(_("Value"), decimals=indicator.decimals),
            Column(_("Unit")),
            Column(_("Note")),
            Column(_("Source and licence")),
        ]
        rows = []
        for row in ranking(indicator, level, period, self.user):
            area = row["area"]
            note = ""
            if area.reported_with_id is not None:
                note = _("contained in %(area)s") % {"area": area.reported_with}
            rows.append(
                [
                    row["rank"] or "",
                    area.code,
                    area.name,
                    level.name,
                    period,
                    indicator.name,
                    row["value"],
                    indicator.unit,
                    note,
                    indicator.attribution,
                ]
            )
        return [Table(str(indicator.name), columns, rows)]
