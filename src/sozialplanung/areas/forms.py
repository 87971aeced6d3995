"""Upload forms of the import page; they build the importer's arguments.

Both forms keep what the user typed when something is wrong. The indicator form
turns its fields into an ``IndicatorMapping`` (the same JSON the command line reads),
so the advanced JSON field can override or add any key.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.forms import check_upload_size, date_field

from .models import AreaLevel


def _level_choices(levels: list[AreaLevel], blank: str | None) -> list[tuple[str, str]]:
    choices = [(lvl.slug, lvl.name) for lvl in levels]
    return [("", blank), *choices] if blank is not None else choices


def parse_pairs(text: str, what: str) -> dict[str, str]:
    """Lines "left = right" as a dict; raises ValidationError naming the bad line."""
    pairs: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "=" not in line:
            raise forms.ValidationError(
                gettext("Line %(line)s: “=” is missing (%(what)s = indicator short name).")
                % {"line": number, "what": what}
            )
        left, right = (part.strip() for part in line.rsplit("=", 1))
        if not left or not right:
            raise forms.ValidationError(
                gettext("Line %(line)s: both sides of “=” must be filled in.") % {"line": number}
            )
        pairs[left] = right
    return pairs


class AreaImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("GeoJSON, GeoPackage, zipped Shapefile, or CSV/Excel with a WKT column"),
        validators=[check_upload_size],
    )
    level = forms.ChoiceField(label=_("Level"))
    code_field = forms.CharField(label=_("Field with the area code"), max_length=200)
    name_field = forms.CharField(label=_("Field with the area name"), max_length=200)
    long_name_field = forms.CharField(
        label=_("Field with the long name"), max_length=200, required=False
    )
    parent_level = forms.ChoiceField(label=_("Level of the parent area"), required=False)
    parent_code_field = forms.CharField(
        label=_("Field with the parent area's code"), max_length=200, required=False
    )
    geometry_field = forms.CharField(
        label=_("Geometry field"),
        max_length=200,
        required=False,
        help_text=_("Only for tables: the column with WKT or GeoJSON."),
    )
    crs = forms.CharField(
        label=_("Coordinate reference system"),
        max_length=50,
        required=False,
        help_text=_("e.g. EPSG:25833; empty when the file states it"),
    )
    valid_from = date_field(_("Boundaries valid from"))
    source = forms.CharField(label=_("Source of the boundaries"), max_length=500, required=False)

    def __init__(self, *args: Any, levels: list[AreaLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _level_choices(levels, None)
        self.fields["parent_level"].choices = _level_choices(levels, gettext("— none —"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("parent_code_field") and not data.get("parent_level"):
            self.add_error("parent_level", gettext("Choose the level of the parent areas."))
        return data

    def importer_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "level_slug": d["level"],
            "code_field": d["code_field"],
            "name_field": d["name_field"],
            "long_name_field": d["long_name_field"] or None,
            "parent_level_slug": d["parent_level"] or None,
            "parent_code_field": d["parent_code_field"] or None,
            "geometry_field": d["geometry_field"] or None,
            "crs": d["crs"] or None,
            "valid_from": d["valid_from"],
            "source": d["source"],
        }


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (semicolon or comma, UTF-8 or Windows-1252) or Excel"),
        validators=[check_upload_size],
    )
    layout = forms.ChoiceField(
        label=_("Layout of the file"),
        choices=[
            ("wide", _("wide: one column per indicator")),
            ("long", _("long: one row per indicator, a column names it")),
        ],
        initial="wide",
        widget=forms.RadioSelect,
    )
    area_column = forms.CharField(label=_("Column with the area"), max_length=200)
    area_pattern = forms.CharField(
        label=_("Pattern for the area code"),
        max_length=200,
        required=False,
        help_text=_("Regular expression, group 1 is the code; e.g. ^(\\d+) for “61 Leuben”"),
    )
    area_level = forms.ChoiceField(label=_("Level of the areas"), required=False)
    period_column = forms.CharField(label=_("Column with the year"), max_length=200, required=False)
    quarter_column = forms.CharField(
        label=_("Column with the quarter"), max_length=200, required=False
    )
    period = forms.CharField(
        label=_("Fixed period"),
        max_length=10,
        required=False,
        help_text=_("When the file has no year column: 2023 or 2023-Q1"),
    )
    columns = forms.CharField(
        label=_("Columns (wide layout)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line each: column = indicator short name"),
    )
    indicator_column = forms.CharField(
        label=_("Column with the indicator name (long layout)"), max_length=200, required=False
    )
    value_column = forms.CharField(
        label=_("Column with the value (long layout)"), max_length=200, required=False
    )
    labels = forms.CharField(
        label=_("Indicator names in the file (long layout)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line each: name in the file = indicator short name"),
    )
    duplicates_sum = forms.BooleanField(
        label=_("Add up several rows for the same area and period"), required=False
    )
    advanced = forms.CharField(
        label=_("Advanced: mapping as JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text=_("Keys given here override the fields above (see the user guide)."),
    )

    def __init__(self, *args: Any, levels: list[AreaLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_level"].choices = _level_choices(levels, gettext("— any level —"))

    def clean_columns(self) -> dict[str, str]:
        return parse_pairs(self.cleaned_data.get("columns", ""), gettext("column"))

    def clean_labels(self) -> dict[str, str]:
        return parse_pairs(self.cleaned_data.get("labels", ""), gettext("name in the file"))

    def clean_advanced(self) -> dict[str, Any]:
        text = self.cleaned_data.get("advanced", "").strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                gettext("Not valid JSON (line %(line)s): %(error)s")
                % {"line": exc.lineno, "error": exc.msg}
            ) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError(gettext("The mapping must be a JSON object {…}."))
        return data

    def mapping_data(self) -> dict[str, Any]:
        """The mapping as the JSON the command line reads (form fields, then JSON)."""
        d = self.cleaned_data
        data: dict[str, Any] = {"layout": d["layout"], "area_column": d["area_column"]}
        for key in ("area_pattern", "area_level", "period_column", "quarter_column", "period"):
            if d.get(key):
                data[key] = d[key]
        if d["layout"] == "wide":
            data["values"] = [
                {"indicator": slug, "column": col} for col, slug in d["columns"].items()
            ]
        else:
            for key in ("indicator_column", "value_column"):
                if d.get(key):
                    data[key] = d[key]
            data["indicators"] = d["labels"]
        if d.get("duplicates_sum"):
            data["duplicates"] = "sum"
        data.update(d.get("advanced") or {})
        if not data.get("area_column"):
            data.pop("area_column")
        return data
