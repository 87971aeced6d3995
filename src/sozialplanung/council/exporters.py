"""Exporters of the council app: the overdue list as XLSX, the status letter as PDF/DOCX."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.http import Http404
from django.utils.translation import gettext_lazy

from sozialplanung.core.pages import internal
from sozialplanung.reports.base import Exporter, Parameter, TabularExporter, register
from sozialplanung.reports.spreadsheet import Column, Table

from .letters import RENDERERS, LetterContent, build_letter_content
from .letters.access import readable_letter
from .overdue import OverdueFilter, age_band, overdue
from .worklists import ListChoice

COLUMNS = [
    Column("Vorlage", 12),
    Column("Betreff", 40, wrap=True),
    Column("Sitzungsnummer", 16),
    Column("Beschlussdatum", 14),
    Column("Gremium", 24),
    Column("Beschlusspunkt", 14),
    Column("Text des Beschlusspunkts", 60, wrap=True),
    Column("Zuständiges Amt", 28),
    Column("Letzter Stand", 26),
    Column("Bericht vom", 12),
    Column("Fällig seit", 12),
    Column("Tage überfällig", 14),
    Column("Alter", 16),
]


@register
class OverdueExporter(TabularExporter):
    identifier = "overdue"
    title = gettext_lazy("Overdue resolution items (resolution control)")
    formats = ("xlsx",)
    parameters = (
        Parameter("amt", gettext_lazy("number of the responsible office")),
        Parameter("gremium", gettext_lazy("number of the body")),
        Parameter("alter", gettext_lazy("age band: bis-3-monate, 3-bis-12-monate or ueber-1-jahr")),
    )

    audience = internal
    refusal = gettext_lazy("Only staff of the administration and council members may see this.")

    def file_name(self, fmt: str) -> str:
        today = dt.date.today().isoformat()
        return f"Beschlusskontrolle_ueberfaellig_{self.municipality.slug}_{today}.{fmt}"

    def tables(self) -> list[Table]:
        today = dt.date.today()
        found = overdue(self.municipality, self.user, today, OverdueFilter.from_query(self.query))
        rows = []
        # Sorted and filtered as the page that links here (status, sort order).
        for due in ListChoice.from_query(self.query).apply(found.rows, today):
            resolution = due.item.resolution
            rows.append(
                [
                    resolution.paper.reference,
                    resolution.paper.name,
                    resolution.meeting.session_number if resolution.meeting else "",
                    resolution.date,
                    resolution.body.name if resolution.body else "",
                    due.item.number,
                    due.item.text,
                    due.item.responsible_office.name if due.item.responsible_office else "",
                    due.status_label,
                    due.report.date if due.report else None,
                    due.due_date,
                    due.days_overdue(today),
                    str(age_band(due.due_date, today).label),
                ]
            )
        return [Table("Überfällig", COLUMNS, rows)]


@register
class StatusLetterExporter(Exporter):
    identifier = "status-letter"
    title = gettext_lazy("Status letter of a resolution (resolution control)")
    formats = ("pdf", "docx")
    parameters = (Parameter("pk", gettext_lazy("number of the status letter"), required=True),)

    def authorize(self) -> None:
        # Raises 404 for a letter the reader may not read in full.
        if not self.param("pk").isdigit():
            raise Http404
        self.letter = readable_letter(self.municipality, self.user, self.param("pk"))

    def file_name(self, fmt: str) -> str:
        return RENDERERS[fmt]().file_name(self.content)

    @cached_property
    def content(self) -> LetterContent:
        return build_letter_content(self.letter)

    def render(self, fmt: str) -> bytes:
        return RENDERERS[fmt]().render(self.content)
