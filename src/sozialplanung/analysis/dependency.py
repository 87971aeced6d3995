"""Dependency of offers on Jobcenter-funded employment (§16d, §16i, §16e SGB II).

Many offers run only while the Jobcenter places publicly funded workers there. For each
offer this computes the share of weekly staff hours from those kinds, and whether the
offer would lose more than half its hours without them (at risk). Groups (areas,
categories) get the share of their summed hours: sum of Jobcenter hours over sum of all
hours, never an average of the offers' shares, so that a large offer weighs more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Staffing kinds (the values of offers.models.Staffing.Kind) funded by the Jobcenter.
JOBCENTER_KINDS: frozenset[str] = frozenset({"agh_16d", "tam_16i", "egz_16e"})
# An offer is at risk when it would lose more than this share of its staff hours.
RISK_THRESHOLD = 0.5


@dataclass(frozen=True)
class OfferStaffing:
    """One offer's weekly staff hours by kind, with the groups it counts towards."""

    offer_id: int
    hours_by_kind: Mapping[str, float]
    area_ids: tuple[int, ...] = ()
    category_id: int | None = None


@dataclass(frozen=True)
class Dependency:
    """Jobcenter-funded and total weekly hours of one offer or group."""

    jobcenter_hours: float
    total_hours: float
    offer_count: int = 1
    at_risk_count: int = 0

    @property
    def share(self) -> float | None:
        """Jobcenter share of staff hours (0–1); None without any hours."""
        if self.total_hours <= 0:
            return None
        return self.jobcenter_hours / self.total_hours

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else share * 100

    @property
    def at_risk(self) -> bool:
        share = self.share
        return share is not None and share > RISK_THRESHOLD


@dataclass
class DependencyResult:
    offers: dict[int, Dependency] = field(default_factory=dict)
    areas: dict[int, Dependency] = field(default_factory=dict)
    categories: dict[int, Dependency] = field(default_factory=dict)

    @property
    def at_risk(self) -> list[int]:
        """Ids of the offers at risk, most dependent first."""
        risky = [(d.share or 0.0, oid) for oid, d in self.offers.items() if d.at_risk]
        return [oid for _share, oid in sorted(risky, key=lambda t: (-t[0], t[1]))]


def offer_dependency(hours_by_kind: Mapping[str, float]) -> Dependency:
    total = sum(max(0.0, float(h)) for h in hours_by_kind.values())
    jobcenter = sum(
        max(0.0, float(h)) for kind, h in hours_by_kind.items() if kind in JOBCENTER_KINDS
    )
    return Dependency(jobcenter_hours=jobcenter, total_hours=total)


def _aggregate(members: Iterable[Dependency]) -> Dependency:
    jobcenter = total = 0.0
    count = risky = 0
    for dep in members:
        jobcenter += dep.jobcenter_hours
        total += dep.total_hours
        count += 1
        risky += int(dep.at_risk)
    return Dependency(jobcenter, total, offer_count=count, at_risk_count=risky)


def dependency(offers: Iterable[OfferStaffing]) -> DependencyResult:
    """Per offer, per area and per category: Jobcenter share of staff hours and risk.

    Offers without any staff hours appear with share None and count towards no group.
    """
    result = DependencyResult()
    by_area: dict[int, list[Dependency]] = {}
    by_category: dict[int, list[Dependency]] = {}
    for offer in offers:
        dep = offer_dependency(offer.hours_by_kind)
        result.offers[offer.offer_id] = dep
        if dep.total_hours <= 0:
            continue
        for area_id in offer.area_ids:
            by_area.setdefault(area_id, []).append(dep)
        if offer.category_id is not None:
            by_category.setdefault(offer.category_id, []).append(dep)
    result.areas = {k: _aggregate(v) for k, v in by_area.items()}
    result.categories = {k: _aggregate(v) for k, v in by_category.items()}
    return result
