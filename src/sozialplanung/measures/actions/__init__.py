"""Changing plans, measures, budgets and grants: permission check, transaction, audit.

Plans, measures, budgets, grants and scenarios are the planning unit's (and admins') to
change. The office responsible for a measure may record its status, as it reports on
resolution items. A ``core.audit.Process`` as ``acting_user`` is a trusted system path
(demo, command line) that names itself. Every save is audited with the visibility of what it
changes (a measure's entry is as secret as the measure or its plan).
"""

from .common import can_update_measure, measure_visibility
from .money import (
    save_budget,
    save_budget_line,
    save_forecast,
    save_grant,
    save_guideline,
    save_priorities,
    save_scenario,
)
from .plans import (
    CostRecord,
    GapRecord,
    record_key_figure_value,
    record_measure_update,
    save_key_figure,
    save_measure,
    save_plan,
)

__all__ = [
    "CostRecord",
    "GapRecord",
    "can_update_measure",
    "measure_visibility",
    "record_key_figure_value",
    "record_measure_update",
    "save_budget",
    "save_budget_line",
    "save_forecast",
    "save_grant",
    "save_guideline",
    "save_key_figure",
    "save_measure",
    "save_plan",
    "save_priorities",
    "save_scenario",
]
