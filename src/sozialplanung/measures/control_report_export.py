"""The periodic resolution-control report as an exporter: PDF and DOCX for the council,
XLSX for the offices. Everyone may run it; what it holds follows ``visible_to``, and the
non-public part exists only for readers cleared for non-public items."""

from __future__ import annotations

from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext_lazy

from sozialplanung.reports.base import Exporter, ExportFailed, Parameter, register

from . import control_report_files as files
from .control_report import ControlReport, build_report
from .control_report_form import form_errors, period_form


@register
class ControlReportExporter(Exporter):
    identifier = "resolution-control-report"
    title = gettext_lazy("Periodic resolution-control report (traffic light per item)")
    formats = ("pdf", "docx", "xlsx")
    parameters = (
        Parameter("art", gettext_lazy("kind of period: Q (quarter), H (half-year), J (year)")),
        Parameter("jahr", gettext_lazy("year")),
        Parameter("teil", gettext_lazy("number of the quarter (1–4) or half-year (1–2)")),
    )

    @cached_property
    def report(self) -> ControlReport:
        today = timezone.localdate()
        form = period_form(self.query, today)
        if not form.is_valid():
            raise ExportFailed(form_errors(form))
        return build_report(self.municipality, self.user, form.period(), today)

    def file_name(self, fmt: str) -> str:
        return f"Beschlusskontrolle_{self.municipality.slug}_{self.report.period.key}.{fmt}"

    def render(self, fmt: str) -> bytes:
        render = {"pdf": files.pdf_bytes, "docx": files.docx_bytes, "xlsx": files.xlsx_bytes}
        return render[fmt](self.report)
