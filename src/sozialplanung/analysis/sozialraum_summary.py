"""The summary of the Sozialraumbericht: per Sozialraum and planning domain, what its
categories' gap analyses found, in one cell of the summary table (pure, no Django).

A category in a Sozialraum gives its gap score, its shortfall against the reference
value (units missing) and, of that, what offers within reach can absorb and what
remains. Categories have different units (places, hours), so the summary counts
categories instead of adding their units: how many fall short of the reference value,
how many of those existing offers can absorb completely, how many keep a remainder.
A withheld category (suppressed for the reader) counts in none of these figures and
gives no score; it is counted as withheld.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Below this a shortfall or remainder is rounding noise (units are places or hours).
EPSILON = 1e-9


@dataclass(frozen=True)
class CategoryFigures:
    score: float | None
    shortfall: float | None  # units missing to reach the reference value
    absorbable: float | None = None  # of the shortfall, what existing offers can take
    remaining: float | None = None  # of the shortfall, what they cannot
    withheld: bool = False


@dataclass(frozen=True)
class DomainSummary:
    categories: int  # categories with a gap analysis here
    withheld: int  # of them: withheld for the reader
    short: int  # of the shown ones: below the reference value
    assessed: int  # of the short ones: with figures of what existing offers can absorb
    absorbed: int  # of the short ones: existing offers can absorb all of it
    unabsorbed: int  # of the short ones: a remainder no existing offer can take
    worst_score: float | None  # highest gap score among the shown ones


def summarise(figures: Iterable[CategoryFigures]) -> DomainSummary:
    rows = list(figures)
    shown = [f for f in rows if not f.withheld]
    short = [f for f in shown if (f.shortfall or 0) > EPSILON]
    scores = [f.score for f in shown if f.score is not None]
    return DomainSummary(
        categories=len(rows),
        withheld=len(rows) - len(shown),
        short=len(short),
        assessed=sum(1 for f in short if f.remaining is not None),
        absorbed=sum(1 for f in short if f.remaining is not None and f.remaining <= EPSILON),
        unabsorbed=sum(1 for f in short if f.remaining is not None and f.remaining > EPSILON),
        worst_score=max(scores) if scores else None,
    )


def combine(summaries: Iterable[DomainSummary]) -> DomainSummary:
    """The total of several summaries (a Sozialraum over all domains, a domain over all
    Sozialräume): counts add up, the worst score is the highest."""
    parts = list(summaries)
    scores = [s.worst_score for s in parts if s.worst_score is not None]
    return DomainSummary(
        categories=sum(s.categories for s in parts),
        withheld=sum(s.withheld for s in parts),
        short=sum(s.short for s in parts),
        assessed=sum(s.assessed for s in parts),
        absorbed=sum(s.absorbed for s in parts),
        unabsorbed=sum(s.unabsorbed for s in parts),
        worst_score=max(scores) if scores else None,
    )
