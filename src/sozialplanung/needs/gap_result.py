"""What a gap analysis returns and how every page and export words it: ``GapAnalysis``
with its ``GapRow`` per area, the parameters and data dates each ranking states
(``header_rows``), the plain-language reason for an area's rank (``explain``) and the one
rounding of a score (``score_text``). Kept apart from the computation (``needs.compute``)
because the pages, exports, absorption, profiles and the allocation read these results
without computing anything, and because the wording is German and English text that
should not sit between the arrays of the computation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sozialplanung.analysis.gaps import AreaGap, GapWeights
from sozialplanung.areas.models import Area, AreaLevel
from sozialplanung.core import computed
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.models import Municipality
from sozialplanung.offers.models import OfferCategory

from .gap_inputs import Site, Variation
from .index import SocialIndex
from .models import CategoryParameters


@dataclass
class GapRow:
    area: Area
    gap: AreaGap
    offer_count: int
    explanation: str
    withheld: bool = False
    # Withheld because the figures would reveal a provider's capacity (not a small
    # target group): the page says which.
    capacity_withheld: bool = False
    # The score the public sees (without the internal need reports), for readers who see
    # the score with them: the page names both when they differ.
    public_score: float | None = None

    @property
    def public_score_differs(self) -> bool:
        return self.public_score is not None and score_text(self.public_score) != score_text(
            self.gap.score
        )


@dataclass
class GapAnalysis:
    municipality: Municipality
    category: OfferCategory
    params: CategoryParameters | None
    weights: GapWeights
    level: AreaLevel | None = None
    rows: list[GapRow] = field(default_factory=list)
    gaps: dict[int, AreaGap] = field(default_factory=dict)
    areas: dict[int, Area] = field(default_factory=dict)
    offers: list[Site] = field(default_factory=list)
    variation: Variation | None = None
    target_period: str = ""
    reports_period: str = ""
    reports_visible: bool = False
    index_message: str = ""
    index: SocialIndex | None = None
    computed_on: dt.date = field(default_factory=dt.date.today)
    # When this result was computed ("Stand"): pages show a cached result with its time.
    computed_at: dt.datetime = field(default_factory=computed.now)
    message: str = ""
    # Whether the reader sees true values (no suppression), and the areas withheld from
    # a reader who does not (small target group or a provider's capacity): needs.absorption
    # withholds the same areas and more.
    true_values: bool = False
    withheld_areas: set[int] = field(default_factory=set)

    @property
    def ranked(self) -> list[GapRow]:
        return [r for r in self.rows if r.gap.rank is not None and not r.withheld]

    def header_rows(self) -> list[tuple[str, str]]:
        """Parameters and data dates, as the page and every export state them."""
        p = self.params
        if p is None:
            return []
        w = self.weights
        steps = "; ".join(f"{_num(b, 0)} m × {_num(wt, 2)}" for b, wt in (p.steps or [])) or _(
            "none (2SFCA)"
        )
        rows = [
            (_("Category"), str(self.category)),
            (_("Planning domain"), str(self.category.domain or "–")),
            (
                _("Reference value"),
                _("%(value)s %(unit)s per 1,000 %(target)s per week")
                % {
                    "value": _num(p.richtwert, 1),
                    "unit": self.category.unit_label,
                    "target": p.target_indicator.name,
                },
            ),
            (_("Target group"), f"{p.target_indicator.name} ({self.target_period or '–'})"),
            (_("Catchment"), f"{p.catchment_m} m"),
            (_("Distance steps"), steps),
            (
                _("Weights"),
                _(
                    "coverage %(c)s, accessibility %(a)s, need reports %(r)s, social index "
                    "%(i)s, size %(s)s, growth %(g)s"
                )
                % {
                    "c": _num(w.coverage, 2),
                    "a": _num(w.accessibility, 2),
                    "r": _num(w.reports, 2),
                    "i": _num(w.index, 2),
                    "s": _num(w.size, 2),
                    "g": _num(w.growth, 2),
                },
            ),
            (
                _("Need reports"),
                self.reports_period
                if self.reports_visible and self.reports_period
                else _("not included (internal records)")
                if not self.reports_visible
                else _("none"),
            ),
            (
                _("Offers"),
                _("%(n)s active offers with capacity, as of %(day)s")
                % {"n": len(self.offers), "day": self.computed_on.strftime("%d.%m.%Y")},
            ),
            (_("Social index"), self.index_message),
            (_("As of"), self.computed_at.strftime("%d.%m.%Y %H:%M")),
        ]
        if self.variation is not None:
            # A forecast year or a scenario: named right after the target group.
            rows.insert(4, (_("Computed for"), self.variation.label))
            if getattr(self.variation, "method", ""):
                rows.insert(5, (_("Method"), self.variation.method))
        return rows


def score_text(score: float | None) -> str:
    """A gap score as every page and export shows it: whole points (0–100). One rounding
    for all, so that the gap table, the map and the allocation cite the same number."""
    return "–" if score is None else de_number(score, 0)


def _num(value: float | None, decimals: int = 1) -> str:
    return de_number(value, decimals)


def explain(row: GapRow, analysis: GapAnalysis) -> str:
    """Plain German (or English) why this area ranks here."""
    gap, params = row.gap, analysis.params
    if gap.score is None or params is None:
        return _("No target group counted here.")
    parts = [
        _("supply %(per)s %(unit)s per 1,000 %(target)s (reference value %(rw)s)")
        % {
            "per": _num(gap.coverage.per_1000, 1),
            "unit": analysis.category.unit_label,
            "target": params.target_indicator.name,
            "rw": _num(params.richtwert, 1),
        }
    ]
    if gap.unreached_share is not None and gap.unreached_share > 0:
        parts.append(
            _("no offer within %(m)s m for %(share)s %% of the target group")
            % {"m": params.catchment_m, "share": _num(gap.unreached_share * 100, 0)}
        )
    if gap.reported:
        parts.append(
            _("%(n)s people turned away, waiting or with unmet requests reported")
            % {"n": _num(gap.reported, 0)}
        )
    return _("Rank %(rank)s: %(area)s – %(parts)s") % {
        "rank": gap.rank,
        "area": row.area.name,
        "parts": ", ".join(parts),
    }
