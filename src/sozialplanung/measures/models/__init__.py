"""Plans, measures and their money: from a gap to a funded measure.

A plan (Fachplan, Fachkonzept) has fields of action (Handlungsfelder); each measure
belongs to one, has a responsible office, start and due quarter, a status with a
history, the gaps (area × category) and resolution items it answers, the offers it
creates or secures, its costs and key figures. Grants to providers run under a funding
guideline; the double budget has lines per year and priority to which measures and
grants are assigned. Computation (indexing, budget totals, allocation, capacity) is in
``sozialplanung.analysis``; changes go through ``measures.actions`` (audited).

Visibility: plans and measures are public unless marked otherwise, and a measure is
readable only where its plan is. Grants, budget lines and scenarios are internal
working data (non-public by default).
"""

from .evidence import Evidence, EvidenceQuerySet
from .money import (
    BudgetAmount,
    BudgetLine,
    BudgetPriority,
    DoubleBudget,
    Forecast,
    ForecastYear,
    FundingGuideline,
    Grant,
    GrantQuerySet,
    IndexingScenario,
)
from .plans import (
    FieldOfAction,
    FundingSource,
    KeyFigure,
    KeyFigureValue,
    Measure,
    MeasureChildQuerySet,
    MeasureCost,
    MeasureGap,
    MeasureOffer,
    MeasureQuerySet,
    MeasureUpdate,
    Plan,
)

__all__ = [
    "BudgetAmount",
    "BudgetLine",
    "BudgetPriority",
    "DoubleBudget",
    "Evidence",
    "EvidenceQuerySet",
    "FieldOfAction",
    "Forecast",
    "ForecastYear",
    "FundingGuideline",
    "FundingSource",
    "Grant",
    "GrantQuerySet",
    "IndexingScenario",
    "KeyFigure",
    "KeyFigureValue",
    "Measure",
    "MeasureChildQuerySet",
    "MeasureCost",
    "MeasureGap",
    "MeasureOffer",
    "MeasureQuerySet",
    "MeasureUpdate",
    "Plan",
]
