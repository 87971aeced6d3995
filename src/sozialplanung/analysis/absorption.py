"""Absorption: how much of an area's need the spare capacity of existing offers can take.

"Bestehende Strukturen zuerst": before new offers are planned, the places that existing
offers within reach have free are counted against the need.

- ``need`` per demand area (the finest level): the places short of the reference value,
  ``max(0, target × Richtwert / 1,000 − supply)`` (``Coverage.deficit``).
- ``spare`` per offer: ``capacity × (1 − utilisation)``, never negative; unknown (None)
  when the offer has not reported its utilisation: an unknown offer absorbs nothing.
- ``reach`` per demand area: the offers within its catchment.

**Sharing rule (no double counting).** Each offer shares its spare places among the
areas that reach it, in proportion to their still open need. An area that is offered
more than it still needs takes from each offer the same fraction (so that its need is
just met); what the offers keep goes round again to the other areas in reach. Rounds
repeat until every offer is used up or every area in its reach is satisfied: each round
either satisfies an area or uses up every offer that still reaches an open need, so
there are at most as many rounds as areas, plus one. No offer gives more than its spare
places, and no area takes more than its need.

Higher levels add up their sub-areas: need, absorbable places and each offer's share.
A parent's need is thus the sum of the places missing in its sub-areas, which can be
larger than the parent's own deficit (there surplus supply of one sub-area nets against
another's shortfall, although it may be out of reach).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Below this, a remainder counts as nothing (floating-point rest of the proportions).
EPSILON = 1e-9


@dataclass(frozen=True)
class Absorbed:
    """One area's need, what the offers within reach take of it, and by offer index."""

    need: float
    absorbable: float
    shares: Mapping[int, float] = field(default_factory=dict)

    @property
    def remaining(self) -> float:
        """What needs new structures."""
        return max(0.0, self.need - self.absorbable)


def spare_capacity(capacity: float, utilisation: float | None) -> float | None:
    """Free places of one offer: ``capacity × (1 − utilisation)``, at least 0; None when
    its utilisation is unknown."""
    if utilisation is None:
        return None
    return max(0.0, capacity * (1.0 - utilisation))


def absorb(
    need: Mapping[int, float],
    spare: Sequence[float | None],
    reach: Mapping[int, Sequence[int]],
) -> dict[int, Absorbed]:
    """Share the offers' ``spare`` places among the areas' ``need`` (the module's rule).

    ``reach[area]`` lists the indices (into ``spare``) of the offers within the area's
    catchment. Returns every area of ``need``.
    """
    open_need = {a: max(0.0, float(n or 0.0)) for a, n in need.items()}
    left = [max(0.0, float(s)) if s is not None else 0.0 for s in spare]
    reached_by: dict[int, list[int]] = {}
    for area, offers in reach.items():
        if area in open_need:
            for j in offers:
                reached_by.setdefault(j, []).append(area)
    shares: dict[int, dict[int, float]] = {a: {} for a in open_need}
    for _round in range(len(open_need) + 2):
        offered: dict[int, dict[int, float]] = {}
        for j, areas in reached_by.items():
            open_areas = [a for a in areas if open_need[a] > EPSILON]
            total = sum(open_need[a] for a in open_areas)
            if left[j] <= EPSILON or total <= EPSILON:
                continue
            for a in open_areas:
                offered.setdefault(a, {})[j] = left[j] * open_need[a] / total
        if not offered:
            break
        for a, by_offer in offered.items():
            fraction = min(1.0, open_need[a] / sum(by_offer.values()))
            for j, amount in by_offer.items():
                taken = amount * fraction
                shares[a][j] = shares[a].get(j, 0.0) + taken
                left[j] -= taken
                open_need[a] -= taken
    return {
        a: Absorbed(
            need=max(0.0, float(need[a] or 0.0)),
            absorbable=sum(shares[a].values()),
            shares={j: v for j, v in shares[a].items() if v > EPSILON},
        )
        for a in open_need
    }


def roll_up(
    absorbed: Mapping[int, Absorbed], parents: Mapping[int, int | None]
) -> dict[int, Absorbed]:
    """Every area of ``parents`` with the sums of its own and all its sub-areas' figures."""
    totals: dict[int, tuple[float, float, dict[int, float]]] = {a: (0.0, 0.0, {}) for a in parents}
    for area, figures in absorbed.items():
        current: int | None = area
        seen: set[int] = set()
        while current is not None and current in totals and current not in seen:
            seen.add(current)
            need, taken, by_offer = totals[current]
            for j, v in figures.shares.items():
                by_offer[j] = by_offer.get(j, 0.0) + v
            totals[current] = (need + figures.need, taken + figures.absorbable, by_offer)
            current = parents[current]
    return {a: Absorbed(need, taken, by_offer) for a, (need, taken, by_offer) in totals.items()}
