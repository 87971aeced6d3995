"""A measure's trail names no scenario: the measure's history is read by offices and
council (and its entries are as public as the measure), a scenario only by the planning
unit. The trail keeps the id; the history says only that a scenario was cited."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.audit_display import EMPTY, register_value_text


def cited_scenario_text(value: Any) -> str:
    return EMPTY if value is None else _("a scenario (internal)")


def register() -> None:
    register_value_text(
        "measures.Measure", "scenario_id", gettext_lazy("scenario"), cited_scenario_text
    )
