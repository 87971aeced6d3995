"""Forms of the measures plan: a measure's status (date DD.MM.YYYY, status, note), a
measure itself (create and edit, with one simple row of costs) and an actual value of a
key figure.

A form with an error keeps what the user typed; dates are shown back as DD.MM.YYYY,
numbers accept the German comma (1.234,5), quarters 2025-Q3 or III/2025.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.formats.quarters import parse_quarter
from sozialplanung.core.forms import GermanDecimalField, date_field
from sozialplanung.core.models import Office
from sozialplanung.core.visibility import Visibility
from sozialplanung.council.models import ResolutionItem
from sozialplanung.needs.models import Scenario

from .actions import CostRecord
from .models import (
    BudgetLine,
    FieldOfAction,
    FundingSource,
    Measure,
    MeasureCost,
    Plan,
)


def not_in_future(day: dt.date) -> dt.date:
    if day > timezone.localdate():
        raise forms.ValidationError(gettext("The date must not lie in the future."))
    return day


class MeasureUpdateForm(forms.Form):
    date = date_field(_("Date of the status"))
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What has been done, what is still open, why it is late."),
    )

    def clean_date(self) -> dt.date:
        # A status describes what is, not what is planned: the future has no status yet.
        return not_in_future(self.cleaned_data["date"])


# --- creating and editing a measure -------------------------------------------------------


def year_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"size": 6}),
    )


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return gettext("%(reference)s item %(number)s") % {
            "reference": obj.resolution.paper.reference,
            "number": obj.number,
        }


COST_FIELDS = ("recurring_amount", "recurring_from", "one_off_amount", "one_off_year", "nature")


def simple_costs(costs: list[MeasureCost]) -> dict[str, Any] | None:
    """The form's cost fields for costs it can show, or None when they are more complex:
    at most one open-ended recurring and one one-off cost of one nature, municipal money,
    without labels."""
    recurring = [c for c in costs if c.recurring]
    one_off = [c for c in costs if not c.recurring]
    if (
        len(recurring) > 1
        or len(one_off) > 1
        or len({c.nature for c in costs}) > 1
        or any(
            c.end_year is not None or c.label or c.source != FundingSource.MUNICIPAL for c in costs
        )
    ):
        return None
    return {
        "recurring_amount": recurring[0].amount if recurring else None,
        "recurring_from": recurring[0].year if recurring else None,
        "one_off_amount": one_off[0].amount if one_off else None,
        "one_off_year": one_off[0].year if one_off else None,
        "nature": costs[0].nature if costs else MeasureCost.Nature.CONSUMPTIVE,
    }


class MeasureForm(forms.Form):
    """A measure of a plan; ``measure`` is None when creating one."""

    field_of_action = forms.ModelChoiceField(
        label=_("Field of action"), queryset=FieldOfAction.objects.none()
    )
    number = forms.CharField(
        label=_("Number"), required=False, max_length=20, help_text=_("For example 1.3.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    responsible_office = forms.ModelChoiceField(
        label=_("Responsible office"), required=False, queryset=Office.objects.none()
    )
    start_quarter = forms.CharField(
        label=_("Start (quarter)"),
        required=False,
        max_length=20,
        help_text=_("Quarter as 2025-Q3 or III/2025."),
    )
    due_quarter = forms.CharField(
        label=_("Due (quarter)"),
        required=False,
        max_length=20,
        help_text=_("Quarter as 2025-Q3 or III/2025."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    mandatory = forms.BooleanField(
        label=_("Mandatory (always funded in the allocation)"), required=False
    )
    budget_line = forms.ModelChoiceField(
        label=_("Budget line"), required=False, queryset=BudgetLine.objects.none()
    )
    scenario = forms.ModelChoiceField(
        label=_("Scenario the measure is based on"),
        required=False,
        queryset=Scenario.objects.none(),
        help_text=_("Internal: only the planning unit sees it."),
    )
    resolution_items = ItemChoiceField(
        label=_("Resolution items"),
        required=False,
        queryset=ResolutionItem.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    recurring_amount = GermanDecimalField(
        label=_("Recurring costs per year (€)"), max_digits=12, required=False
    )
    recurring_from = year_field(_("Recurring costs from year"))
    one_off_amount = GermanDecimalField(label=_("One-off costs (€)"), max_digits=12, required=False)
    one_off_year = year_field(_("Year of the one-off costs"))
    nature = forms.ChoiceField(
        label=_("Nature of the costs"),
        choices=MeasureCost.Nature.choices,
        initial=MeasureCost.Nature.CONSUMPTIVE,
        required=False,
    )
    replace_costs = forms.BooleanField(
        label=_("Replace the costs of the measure with the costs above"), required=False
    )

    def __init__(
        self, *args: Any, plan: Plan, measure: Measure | None, user: Any, **kwargs: Any
    ) -> None:
        self.plan = plan
        self.measure = measure
        self.complex_costs = False
        if measure is not None:
            costs = list(measure.costs.all())
            cost_values = simple_costs(costs)
            self.complex_costs = cost_values is None
            kwargs["initial"] = {
                "field_of_action": measure.field_of_action_id,
                "number": measure.number,
                "title": measure.title,
                "description": measure.description,
                "responsible_office": measure.responsible_office_id,
                "start_quarter": measure.start_quarter,
                "due_quarter": measure.due_quarter,
                "visibility": measure.visibility,
                "mandatory": measure.mandatory,
                "budget_line": measure.budget_line_id,
                "scenario": measure.scenario_id,
                "resolution_items": list(measure.resolution_items.values_list("pk", flat=True)),
                **(cost_values or {"nature": MeasureCost.Nature.CONSUMPTIVE}),
            }
        else:
            kwargs["initial"] = {"status": Measure.Status.PLANNED, "visibility": plan.visibility}
        super().__init__(*args, **kwargs)
        municipality = plan.municipality
        self.fields["field_of_action"].queryset = plan.fields.order_by("order", "name")
        self.fields["responsible_office"].queryset = Office.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["budget_line"].queryset = (
            BudgetLine.objects.visible_to(user)
            .filter(budget__municipality=municipality)
            .select_related("budget")
        )
        # Only the planning unit edits measures; scenarios are its own.
        self.fields["scenario"].queryset = Scenario.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["resolution_items"].queryset = (
            ResolutionItem.objects.visible_to(user)
            .filter(resolution__municipality=municipality, resolution__deleted=False)
            .select_related("resolution__paper")
            .order_by("resolution__date", "resolution__paper__reference", "order")
        )
        if measure is not None:
            # Later changes of the status go through the status form and its history.
            del self.fields["status"]
        if not self.complex_costs:
            del self.fields["replace_costs"]

    def clean_start_quarter(self) -> str:
        return parse_quarter(self.cleaned_data["start_quarter"])

    def clean_due_quarter(self) -> str:
        return parse_quarter(self.cleaned_data["due_quarter"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, due = data.get("start_quarter"), data.get("due_quarter")
        if start and due and due < start:
            self.add_error("due_quarter", gettext("The due quarter lies before the start."))
        self._check_identity(data)
        for amount, year in (
            ("recurring_amount", "recurring_from"),
            ("one_off_amount", "one_off_year"),
        ):
            if data.get(amount) is not None and data.get(year) is None:
                self.add_error(year, gettext("Please give the year of these costs."))
            if data.get(amount) is None and data.get(year) is not None:
                self.add_error(amount, gettext("Please give the amount of these costs."))
            if data.get(amount) is not None and data[amount] < 0:
                self.add_error(amount, gettext("Costs must not be negative."))
        if self.complex_costs and self.costs_changed and not data.get("replace_costs"):
            self.add_error(
                "replace_costs",
                gettext("Tick this box to replace the existing costs with the costs above."),
            )
        return data

    def _check_identity(self, data: dict[str, Any]) -> None:
        """A plan's measures are told apart by number, or by title where there is none."""
        others = Measure.objects.filter(field_of_action__plan=self.plan)
        if self.measure is not None:
            others = others.exclude(pk=self.measure.pk)
        number, title = data.get("number", "").strip(), data.get("title", "").strip()
        if number and others.filter(number=number).exists():
            self.add_error("number", gettext("Another measure of this plan has this number."))
        if title and others.filter(title=title).exists():
            self.add_error("title", gettext("Another measure of this plan has this title."))

    @property
    def costs_changed(self) -> bool:
        return any(name in self.changed_data for name in COST_FIELDS)

    def cost_records(self) -> list[CostRecord] | None:
        """The costs to save, or None to leave the measure's costs as they are."""
        data = self.cleaned_data
        if self.measure is not None and not self.costs_changed:
            return None
        if self.complex_costs and not data.get("replace_costs"):
            return None
        nature = data.get("nature") or MeasureCost.Nature.CONSUMPTIVE
        records = []
        if data.get("recurring_amount") is not None:
            records.append(
                CostRecord(
                    data["recurring_amount"], data["recurring_from"], recurring=True, nature=nature
                )
            )
        if data.get("one_off_amount") is not None:
            records.append(CostRecord(data["one_off_amount"], data["one_off_year"], nature=nature))
        if self.measure is None and not records:
            return None
        return records


class KeyFigureValueForm(forms.Form):
    date = date_field(_("Date of the value"))
    value = GermanDecimalField(label=_("Actual value"), help_text=_("For example 507 or 1.234,5."))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean_date(self) -> dt.date:
        return not_in_future(self.cleaned_data["date"])
