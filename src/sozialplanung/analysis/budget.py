"""Double budget (Doppelhaushalt) totals: costs per year, and lines by priority.

**Costs.** A measure's ``Cost`` is either one-off (in ``year`` only) or recurring (every
year from ``year`` through ``end_year`` inclusive, open-ended without one), and either
``"investiv"`` or ``"konsumtiv"``. The cost of a measure in a year is the sum of its
one-off costs in that year and its recurring costs running in it. A negative amount is
allowed and means a saving.

**Lines.** A budget line (``Line``) has a planned amount per year and a priority: 1 keeps
what exists, 2 and 3 are additional needs (e.g. priority 3 "Sozialplanerische Bedarfe").
Measures and grants are assigned to a line in a year (``Assignment``). Per line and year,
and per priority and year (the sums of its lines),

- ``assigned = measures + grants``,
- ``remaining = planned − assigned`` (negative: the line is over-committed).

An assignment to a line key nobody planned, or to a year the line has no amount for, is
an error, not a new line: money committed without a budget must be noticed.

**Money.** Every amount is returned as ``Decimal``, like the database's ``Decimal(12,2)``
fields. Floats and ints are accepted and converted through their shortest ``repr``, so
``0.1`` becomes ``Decimal("0.1")`` and not the binary fraction behind it. Nothing is
rounded: sums of cent amounts stay exact in ``Decimal`` (well inside its default 28
digits), so the totals equal what the budget tables add up to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal, TypeAlias

Money: TypeAlias = Decimal | float
Nature = Literal["investiv", "konsumtiv"]
Kind = Literal["measure", "grant"]

NATURES: tuple[Nature, ...] = ("investiv", "konsumtiv")
KINDS: tuple[Kind, ...] = ("measure", "grant")
ZERO = Decimal(0)


def to_decimal(value: Money) -> Decimal:
    """``value`` as a finite Decimal; a float via its repr (0.1 → Decimal("0.1"))."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(repr(value))
    except InvalidOperation:
        raise ValueError(f"amount must be a number, got {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"amount must be finite, got {value}")
    return amount


@dataclass(frozen=True)
class Cost:
    """One cost of a measure: one-off in ``year``, or recurring from ``year`` on.

    ``amount`` is stored as a Decimal whatever was passed in.
    """

    amount: Money
    year: int
    recurring: bool = False
    # Last year of a recurring cost (inclusive); None = open-ended. Only for recurring.
    end_year: int | None = None
    nature: Nature = "konsumtiv"

    def __post_init__(self) -> None:
        # Frozen: the normalised amount is written past the dataclass's own __setattr__.
        object.__setattr__(self, "amount", to_decimal(self.amount))
        if self.nature not in NATURES:
            raise ValueError(f"nature must be 'investiv' or 'konsumtiv', got {self.nature!r}")
        if self.end_year is not None:
            if not self.recurring:
                raise ValueError("only a recurring cost can have an end_year")
            if self.end_year < self.year:
                raise ValueError(f"end_year {self.end_year} is before the first year {self.year}")

    def applies(self, year: int) -> bool:
        """Whether the cost falls in ``year``."""
        if not self.recurring:
            return year == self.year
        return self.year <= year and (self.end_year is None or year <= self.end_year)


def cost_in_year(costs: Sequence[Cost], year: int) -> Decimal:
    """The sum of the costs falling in ``year``."""
    return sum((to_decimal(c.amount) for c in costs if c.applies(year)), ZERO)


def costs_by_year(costs: Sequence[Cost], years: Sequence[int]) -> dict[int, Decimal]:
    """The cost in each of ``years`` (in the given order, each once)."""
    return {year: cost_in_year(costs, year) for year in dict.fromkeys(years)}


def costs_by_nature(costs: Sequence[Cost], years: Sequence[int]) -> dict[str, dict[int, Decimal]]:
    """``{"investiv": {year: …}, "konsumtiv": {year: …}}``, both always present."""
    return {
        nature: costs_by_year([c for c in costs if c.nature == nature], years) for nature in NATURES
    }


@dataclass(frozen=True)
class Line:
    """A budget line's planned amount in one year."""

    key: str
    year: int
    # 1 = keep what exists; 2, 3 … = additional needs.
    priority: int
    amount: Money

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        if self.priority < 1:
            raise ValueError(f"priority of {self.key!r} must be at least 1, got {self.priority}")
        if to_decimal(self.amount) < 0:
            raise ValueError(f"planned amount of {self.key!r} in {self.year} is negative")


@dataclass(frozen=True)
class Assignment:
    """An amount of a measure or grant charged to a line in one year."""

    line_key: str
    year: int
    amount: Money
    kind: Kind = "measure"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_decimal(self.amount))
        if self.kind not in KINDS:
            raise ValueError(f"kind must be 'measure' or 'grant', got {self.kind!r}")


@dataclass(frozen=True)
class LineTotal:
    """Planned against assigned amount of one line in one year."""

    key: str
    year: int
    priority: int
    planned: Decimal
    assigned: Decimal
    # planned − assigned: negative means the line is over-committed.
    remaining: Decimal
    measures: Decimal
    grants: Decimal

    @property
    def over_committed(self) -> bool:
        return self.remaining < 0


@dataclass(frozen=True)
class PriorityTotal:
    """Planned against assigned amount of all lines of one priority in one year."""

    priority: int
    year: int
    planned: Decimal
    assigned: Decimal
    # planned − assigned: negative means the priority is over-committed as a whole.
    remaining: Decimal
    measures: Decimal
    grants: Decimal

    @property
    def over_committed(self) -> bool:
        return self.remaining < 0


def line_totals(lines: Sequence[Line], assignments: Sequence[Assignment]) -> list[LineTotal]:
    """Planned, assigned and remaining amount per line and year, sorted by key and year.

    Raises ValueError for a duplicate (key, year) line, and for an assignment to an
    unknown line or to a year its line has no amount for.
    """
    planned: dict[tuple[str, int], Line] = {}
    for line in lines:
        if (line.key, line.year) in planned:
            raise ValueError(f"duplicate budget line {line.key!r} in {line.year}")
        planned[(line.key, line.year)] = line
    known_keys = {key for key, _year in planned}

    charged: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(KINDS, ZERO)
    )
    for assignment in assignments:
        slot = (assignment.line_key, assignment.year)
        if assignment.line_key not in known_keys:
            raise ValueError(f"assignment to unknown budget line {assignment.line_key!r}")
        if slot not in planned:
            raise ValueError(
                f"budget line {assignment.line_key!r} has no amount in {assignment.year}"
            )
        charged[slot][assignment.kind] += to_decimal(assignment.amount)

    result: list[LineTotal] = []
    for slot in sorted(planned):
        line = planned[slot]
        by_kind = charged.get(slot, dict.fromkeys(KINDS, ZERO))
        measures, grants = by_kind["measure"], by_kind["grant"]
        amount = to_decimal(line.amount)
        assigned = measures + grants
        result.append(
            LineTotal(
                key=line.key,
                year=line.year,
                priority=line.priority,
                planned=amount,
                assigned=assigned,
                remaining=amount - assigned,
                measures=measures,
                grants=grants,
            )
        )
    return result


def totals_by_priority(
    lines: Sequence[Line], assignments: Sequence[Assignment]
) -> list[PriorityTotal]:
    """The line totals summed per priority and year, sorted by priority and year.

    Raises ValueError as ``line_totals`` does. A priority's ``remaining`` is the sum over
    its lines, so an over-committed line can be hidden by another line's slack; look at
    ``line_totals`` for single lines.
    """
    sums: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO] * 4)
    for total in line_totals(lines, assignments):
        acc = sums[(total.priority, total.year)]
        acc[0] += total.planned
        acc[1] += total.assigned
        acc[2] += total.measures
        acc[3] += total.grants
    return [
        PriorityTotal(
            priority=priority,
            year=year,
            planned=planned,
            assigned=assigned,
            remaining=planned - assigned,
            measures=measures,
            grants=grants,
        )
        for (priority, year), (planned, assigned, measures, grants) in sorted(sums.items())
    ]
