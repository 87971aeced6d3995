"""Exporters of the measures app: plan (XLSX, PDF), budget, grants, allocation (XLSX, PDF).

The plan follows the visibility of its measures, as its page does. Budget, grants and
allocation are internal working data (``core.pages.internal_here``): a visitor without login is asked
to log in, anyone else who is not staff of this municipality gets a 404.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.pages import internal_here
from sozialplanung.reports.base import (
    Exporter,
    ExportFailed,
    Parameter,
    TabularExporter,
    register,
)
from sozialplanung.reports.spreadsheet import Table, write_xlsx

from . import allocation_export
from .allocation import Result
from .allocation_views import allocation_data
from .budget import budget_overview
from .budget_export import budget_tables, grants_tables
from .budget_views import chosen_budget, grants_data
from .control_report_export import ControlReportExporter  # noqa: F401 (registers it)
from .models import DoubleBudget
from .plan_export import plan_pdf_bytes, plan_table
from .plans import plan_or_404, plan_rows, read_filters, readable_budget_lines
from .sozialraumbericht_export import SozialraumberichtExporter  # noqa: F401 (registers it)

BUDGET = Parameter("haushalt", gettext_lazy("number of the double budget (default: newest)"))


class InternalExporter(Exporter):
    audience = internal_here


@register
class PlanExporter(Exporter):
    identifier = "measures-plan"
    title = gettext_lazy("Measures plan (catalogue of measures)")
    formats = ("xlsx", "pdf")
    parameters = (
        Parameter("plan_slug", gettext_lazy("short name of the plan"), required=True),
        Parameter("handlungsfeld", gettext_lazy("number of a field of action")),
        Parameter("status", gettext_lazy("status of the measures, e.g. in_umsetzung")),
        Parameter("amt", gettext_lazy("number of the responsible office")),
    )

    def authorize(self) -> None:
        self.plan = plan_or_404(self.municipality, self.param("plan_slug"), self.user)

    def file_name(self, fmt: str) -> str:
        return f"{self.municipality.slug}_massnahmenplan_{self.plan.slug}.{fmt}"

    def render(self, fmt: str) -> bytes:
        filters = read_filters(self.query, self.user, self.plan)
        data: dict[str, Any] = {
            "groups": plan_rows(self.plan, self.user, filters),
            "filters": filters.describe(),
            "show_budget": bool(readable_budget_lines(self.municipality, self.user)),
            "today": timezone.localdate(),
        }
        if fmt == "pdf":
            return plan_pdf_bytes(self.plan, **data)
        return write_xlsx(plan_table(self.plan, **data))


@register
class BudgetExporter(InternalExporter, TabularExporter):
    identifier = "budget"
    title = gettext_lazy("Double budget by priority, line, measure and grant")
    formats = ("xlsx",)
    parameters = (BUDGET,)

    @cached_property
    def budget(self) -> DoubleBudget:
        budget, _budgets = chosen_budget(self.municipality, self.query, self.user)
        if budget is None:
            raise Http404
        return budget

    def file_name(self, fmt: str) -> str:
        return f"Haushalt_{self.municipality.slug}_{self.budget.first_year}.{fmt}"

    def tables(self) -> list[Table]:
        return budget_tables(budget_overview(self.budget, self.user))


@register
class GrantsExporter(InternalExporter, TabularExporter):
    identifier = "grants"
    title = gettext_lazy("Grants and their indexing")
    formats = ("xlsx",)
    parameters = (
        Parameter("szenario", gettext_lazy("number of a stored indexing scenario")),
        Parameter("personal", gettext_lazy("own yearly rate of personnel costs in %")),
        Parameter("sach", gettext_lazy("own yearly rate of material costs in %")),
        Parameter("basisjahr", gettext_lazy("base year of the own rates")),
    )

    def file_name(self, fmt: str) -> str:
        return f"Foerderung_{self.municipality.slug}_{dt.date.today().isoformat()}.{fmt}"

    def tables(self) -> list[Table]:
        data = grants_data(self.municipality, self.query, self.user)
        if data["errors"]:
            raise ExportFailed(" ".join(data["errors"]))
        return grants_tables(data["table"], data["indexing"])


@register
class AllocationExporter(InternalExporter):
    identifier = "allocation"
    title = gettext_lazy("Allocation of funds to measures, with reasons")
    formats = ("xlsx", "pdf")
    parameters = (
        BUDGET,
        Parameter("betrag", gettext_lazy("amount per year in euro")),
        Parameter("bereich", gettext_lazy("short name of a planning domain (its categories only)")),
    )

    @cached_property
    def result(self) -> Result:
        data = allocation_data(self.municipality, self.query, self.user)
        result = data["result"]
        if data["error"] or result is None or result.allocation is None:
            raise ExportFailed(data["error"] or _("Nothing to export."))
        if not result.allocation.feasible:
            raise ExportFailed(result.message)
        return result

    def file_name(self, fmt: str) -> str:
        return f"Mittelverteilung_{int(self.result.amount)}.{fmt}"

    def render(self, fmt: str) -> bytes:
        if fmt == "pdf":
            return allocation_export.pdf(self.result, self.municipality.name, dt.date.today())
        return write_xlsx(allocation_export.table(self.result))
