"""What existing offers within reach can absorb of each area's need (issue 18, item 3).

From a gap analysis: the need of each finest area (places short of the reference value),
the offers within its catchment (from the area's centroid, as the accessibility) and
their spare capacity (``Site.spare``: reported utilisation, 0 where need reports say they
turn people away). The arithmetic and the sharing rule are ``analysis.absorption``;
higher levels add up their sub-areas.

Suppression (``core.suppression``), for readers who get suppressed figures: an area
withheld in the gap analysis (small target group, or its supply would reveal a
provider's capacity) shows nothing, since its need gives the supply away; the absorbable
places of an area withhold with fewer than ``SUPPRESS_MIN_PROVIDERS`` providers behind
them (with secondary suppression along the hierarchy), and the remainder with them (need
minus remainder would give them back). Such readers never see which offers take how
much: one offer's share would reveal its spare capacity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from pyproj import Transformer

from sozialplanung.analysis.absorption import Absorbed, absorb, roll_up
from sozialplanung.areas.models import Area
from sozialplanung.areas.queries import current_boundaries
from sozialplanung.core import computed
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.suppression import SUPPRESSED, Suppressed, withheld_offer_cells

from .gap_inputs import Site, provider_key, rolled_up
from .gap_result import GapAnalysis, GapRow

Figure = float | Suppressed


@dataclass
class AreaAbsorption:
    """One area: ``need`` places short of the reference value, ``absorbable`` of them the
    spare capacity of existing offers within reach can take (``offers``: which, how
    many; empty for readers who get suppressed figures), ``remaining`` what needs new
    structures, and ``text`` all that in words."""

    need: Figure
    absorbable: Figure
    remaining: Figure
    offers: list[tuple[Site, float]] = field(default_factory=list)
    text: str = ""
    # Offers within reach that have not reported their utilisation (they count as full).
    unreported: int = 0

    @property
    def remaining_whole(self) -> Figure:
        """The remainder in whole places as shown: rounded need minus rounded absorbable,
        so that the three figures on the page add up."""
        if isinstance(self.need, Suppressed) or isinstance(self.absorbable, Suppressed):
            return SUPPRESSED
        need = round(self.need)
        return need - min(need, round(self.absorbable))

    @property
    def withheld(self) -> bool:
        return isinstance(self.absorbable, Suppressed)


@dataclass
class Absorption:
    areas: dict[int, AreaAbsorption] = field(default_factory=dict)

    def get(self, area_id: int) -> AreaAbsorption | None:
        return self.areas.get(area_id)


def absorption(analysis: GapAnalysis) -> Absorption:
    """Absorption of every area of ``analysis``, as the reader of the analysis may see it.

    Computed once per analysis result (``core.computed``; the analysis is itself cached
    per data version and clearance).
    """
    if analysis.params is None or not analysis.areas:
        return Absorption()
    return computed.remember(
        "absorption",
        analysis.municipality.id,
        None,
        (
            analysis.category.id,
            analysis.variation.key if analysis.variation is not None else "",
            analysis.true_values,
            analysis.computed_at.isoformat(),
        ),
        lambda: _absorption(analysis),
    )


def _absorption(analysis: GapAnalysis) -> Absorption:
    areas = analysis.areas
    finest = max(a.level.depth for a in areas.values())
    leaves = sorted(a_id for a_id, a in areas.items() if a.level.depth == finest)
    need = {a: analysis.gaps[a].coverage.deficit or 0.0 for a in leaves if a in analysis.gaps}
    sites = analysis.offers
    reach = _reach(leaves, sites, analysis.params.catchment_m if analysis.params else 0)
    absorbed = roll_up(
        absorb(need, [s.spare for s in sites], reach),
        {a_id: a.parent_id for a_id, a in areas.items()},
    )
    unreported = rolled_up(
        areas, {a: {j for j in js if sites[j].spare is None} for a, js in reach.items()}
    )
    hidden = _withheld(analysis, absorbed)
    result = Absorption()
    for a_id, figures in absorbed.items():
        shares = sorted(
            ((sites[j], v) for j, v in figures.shares.items()), key=lambda p: (-p[1], p[0].name)
        )
        if a_id in analysis.withheld_areas:
            area = AreaAbsorption(SUPPRESSED, SUPPRESSED, SUPPRESSED)
        elif a_id in hidden:
            area = AreaAbsorption(figures.need, SUPPRESSED, SUPPRESSED)
        else:
            area = AreaAbsorption(
                figures.need,
                figures.absorbable,
                figures.remaining,
                offers=shares if analysis.true_values else [],
                unreported=len(unreported[a_id]),
            )
        area.text = explain(area, analysis.category.unit_label)
        result.areas[a_id] = area
    return result


def _reach(leaves: list[int], sites: list[Site], catchment_m: float) -> dict[int, list[int]]:
    """Per finest area: the indices of the sites within the catchment of its centroid."""
    boundaries = current_boundaries(Area.objects.filter(id__in=leaves))
    ids = [a for a in leaves if a in boundaries]
    if not ids or not sites:
        return {}
    to_metric = Transformer.from_crs("EPSG:4326", settings.METRIC_CRS, always_xy=True)
    dx, dy = to_metric.transform(
        [boundaries[a].centroid_lon for a in ids], [boundaries[a].centroid_lat for a in ids]
    )
    sx, sy = to_metric.transform([s.longitude for s in sites], [s.latitude for s in sites])
    # Imported on first use: SciPy's spatial module costs every process a second.
    from scipy.spatial import cKDTree

    near = cKDTree(np.column_stack([sx, sy])).query_ball_point(
        np.column_stack([dx, dy]), catchment_m
    )
    return {a: sorted(js) for a, js in zip(ids, near.tolist(), strict=True)}


def _withheld(analysis: GapAnalysis, absorbed: dict[int, Absorbed]) -> set[int]:
    """Areas whose absorbable places would reveal a provider's spare capacity."""
    if analysis.true_values:
        return set()
    sites = analysis.offers
    ids = list(absorbed)
    index = {a_id: i for i, a_id in enumerate(ids)}
    parent_of = [index.get(analysis.areas[a].parent_id) for a in ids]  # type: ignore[arg-type]
    providers = [len({provider_key(sites[j]) for j in absorbed[a].shares}) for a in ids]
    # None as the reader: the analysis says the reader gets suppressed figures.
    mask = withheld_offer_cells(
        providers,
        [absorbed[a].absorbable for a in ids],
        parent_of,
        None,
        municipality=analysis.municipality,
    )
    return {a for a, hidden in zip(ids, mask, strict=True) if hidden}


def _num(value: float) -> str:
    return de_number(value, 0)


def explain(area: AreaAbsorption, unit: str) -> str:
    """The absorption of one area in words (German in the German interface), in whole
    places that add up: the remainder is the rounded need minus the rounded absorbable."""
    if isinstance(area.need, Suppressed):
        return ""
    need = round(area.need)
    if need == 0:
        return _("No %(unit)s are missing against the reference value.") % {"unit": unit}
    text = _("Shortfall against the reference value: %(need)s %(unit)s per week.") % {
        "need": _num(need),
        "unit": unit,
    }
    if isinstance(area.absorbable, Suppressed):
        parts = [
            _(
                "What existing offers can take of it is withheld (it would reveal a "
                "provider's spare capacity)."
            )
        ]
    else:
        taken = min(need, round(area.absorbable))
        offers = (
            " (" + ", ".join(f"{site.name}: {_num(v)}" for site, v in area.offers) + ")"
            if area.offers
            else ""
        )
        if taken == 0:
            parts = [_("Offers within reach have no spare capacity for it.")]
        elif taken == need:
            parts = [_("Existing offers can take all of it%(offers)s.") % {"offers": offers}]
        else:
            parts = [
                _(
                    "Existing offers can take %(absorbable)s of it%(offers)s; "
                    "%(remaining)s need new offers."
                )
                % {"absorbable": _num(taken), "offers": offers, "remaining": _num(need - taken)}
            ]
        if area.unreported:
            parts.append(
                ngettext(
                    "%(n)s offer within reach has not reported its utilisation and counts as full.",
                    "%(n)s offers within reach have not reported their utilisation and "
                    "count as full.",
                    area.unreported,
                )
                % {"n": area.unreported}
            )
    return " ".join([text, *parts])


def absorption_rows(analysis: GapAnalysis) -> list[tuple[GapRow, AreaAbsorption]]:
    """The areas of the analysis's level, in its order, each with its absorption (for the
    gap page and the export)."""
    return [
        (row, area)
        for row, area in zip(analysis.rows, absorptions(analysis), strict=True)
        if area is not None
    ]


def absorptions(analysis: GapAnalysis) -> list[AreaAbsorption | None]:
    """The absorption of each row of the analysis, in its order."""
    result = absorption(analysis)
    return [result.areas.get(row.area.id) for row in analysis.rows]


ABSORPTION_COLUMNS = (
    gettext_noop("Missing per week"),
    gettext_noop("Existing offers can take"),
    gettext_noop("Need new offers"),
    gettext_noop("Existing offers first"),
)


def export_cells(area: AreaAbsorption | None) -> list[object]:
    """Need, absorbable, remaining (whole places; "•" when withheld) and the words."""
    if area is None:
        return ["", "", "", ""]
    return [
        "•" if isinstance(v, Suppressed) else round(v, 1)
        for v in (area.need, area.absorbable, area.remaining)
    ] + [area.text]
