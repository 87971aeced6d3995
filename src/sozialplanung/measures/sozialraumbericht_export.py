"""The Sozialraumbericht as an exporter (PDF, DOCX). The public edition everyone may run;
the internal one only internal users of the municipality (``core.pages.internal_here``)."""

from __future__ import annotations

from functools import cached_property

from django.utils.translation import gettext_lazy

from sozialplanung.areas.models import AreaLevel
from sozialplanung.core.pages import internal_here
from sozialplanung.needs.forecast import ForecastYear
from sozialplanung.reports.base import Exporter, ExportFailed, LoginRequired, Parameter, register

from . import sozialraumbericht_files as files
from .sozialraumbericht import INTERNAL, Sozialraumbericht, build_report
from .sozialraumbericht_form import ReportForm, form_errors, report_form


@register
class SozialraumberichtExporter(Exporter):
    identifier = "sozialraumbericht"
    title = gettext_lazy("Sozialraumbericht (needs, absorption and measures per Sozialraum)")
    formats = ("pdf", "docx")
    parameters = (
        Parameter("jahr", gettext_lazy("year of the data (default: newest)")),
        Parameter("ausgabe", gettext_lazy("edition: oeffentlich (default) or intern")),
        Parameter("ebene", gettext_lazy("short name of the social area level")),
        Parameter("prognose", gettext_lazy("forecast year, e.g. 2030 (optional)")),
        Parameter("szenario", gettext_lazy("number of a scenario (internal edition only)")),
    )

    def authorize(self) -> None:
        if self.param("ausgabe") == INTERNAL and not internal_here(self.user, self.municipality):
            if not self.user.is_authenticated:
                raise LoginRequired
            raise ExportFailed(str(gettext_lazy("The internal edition is for staff only.")))

    @cached_property
    def form(self) -> ReportForm:
        query = self.query.copy()
        query.setdefault("ausgabe", "oeffentlich")
        return report_form(query, self.municipality, self.user)

    @cached_property
    def report(self) -> Sozialraumbericht:
        form = self.form
        if not form.is_valid():
            raise ExportFailed(form_errors(form))
        data = form.cleaned_data
        return build_report(
            self.municipality,
            self.user,
            period=data["jahr"],
            edition=data["ausgabe"],
            level=AreaLevel.objects.get(municipality=self.municipality, slug=data["ebene"]),
            variation=form.variation(),
        )

    def file_name(self, fmt: str) -> str:
        report, data = self.report, self.form.cleaned_data
        variation = report.variation
        extra = (
            f"_prognose{variation.period}"
            if isinstance(variation, ForecastYear)
            else f"_szenario{data['szenario']}"
            if data.get("szenario")
            else ""
        )
        name = f"Sozialraumbericht_{self.municipality.slug}_{report.period}{extra}"
        return f"{name}_{report.edition}.{fmt}"

    def render(self, fmt: str) -> bytes:
        return {"pdf": files.pdf_bytes, "docx": files.docx_bytes}[fmt](self.report)
