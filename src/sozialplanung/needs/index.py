"""The social index of a municipality, computed from its ``IndexConfig``.

Loads the configured indicators at the configured level (default: the finest), hands them
to the pure ``analysis.index`` (Berlin MSS method) and returns the classes per area:

* status: each status indicator's newest yearly value;
* dynamics: the change of a dynamic indicator over its span (``"span"`` years, default
  2) up to its newest year, in percentage points (a share minus the share ``span`` years
  earlier), as the MSS does. A dynamic indicator without values in the earlier year is
  left out, and the description says so (Leipzig: one year of data, status only);
* population for the exclusion: the residents indicator
  (``settings.SUPPRESS_POPULATION_INDICATOR``) in the newest status year; areas below the
  minimum population, the excluded areas and areas without values are not evaluated.

The classes are public results; a reader who gets suppressed numbers sees "•" for the
class of an area where one of the index's indicators is withheld (``core.suppression``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from sozialplanung.analysis import index as mss
from sozialplanung.areas.models import Area, AreaLevel, Indicator, IndicatorValue
from sozialplanung.core import computed
from sozialplanung.core.models import Municipality

from .models import IndexConfig

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User

    Reader = User | AnonymousUser | None
else:
    Reader = Any

YEAR = re.compile(r"^\d{4}$")
DEFAULT_SPAN = 2


@dataclass
class IndexPart:
    indicator: Indicator
    period: str  # status: the year; dynamics: the later year
    start: str = ""  # dynamics: the earlier year
    direction: int = 1
    weight: float = 1.0

    @property
    def key(self) -> str:
        return f"{self.indicator.slug}:dynamik" if self.start else self.indicator.slug

    def label(self) -> str:
        if self.start:
            return f"{self.indicator.name} {self.start}→{self.period}"
        return f"{self.indicator.name} {self.period}"


# The MSS class names in the reader's language; analysis.index keeps the published
# German ones (hoch … sehr niedrig, positiv/stabil/negativ), which are the German texts.
STATUS_LABELS = {
    1: pgettext_lazy("social index status", "high"),
    2: pgettext_lazy("social index status", "medium"),
    3: pgettext_lazy("social index status", "low"),
    4: pgettext_lazy("social index status", "very low"),
}
DYNAMIC_LABELS = {
    "+": pgettext_lazy("social index dynamics", "positive"),
    "+/-": pgettext_lazy("social index dynamics", "stable"),
    "-": pgettext_lazy("social index dynamics", "negative"),
}


@dataclass
class IndexEntry:
    area: Area
    status_class: int  # 0: not evaluated
    dynamic: str
    withheld: bool = False

    @property
    def status_name(self) -> str:
        return str(STATUS_LABELS.get(self.status_class, ""))

    @property
    def dynamic_name(self) -> str:
        return str(DYNAMIC_LABELS.get(self.dynamic, ""))


@dataclass
class SocialIndex:
    config: IndexConfig
    level: AreaLevel
    status: list[IndexPart] = field(default_factory=list)
    dynamic: list[IndexPart] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # dynamic indicators without span
    entries: list[IndexEntry] = field(default_factory=list)

    @property
    def evaluated(self) -> int:
        return sum(1 for e in self.entries if e.status_class)

    @property
    def excluded(self) -> int:
        return len(self.entries) - self.evaluated

    def classes(self) -> dict[int, int]:
        """Status class per evaluated area id (input of the gap score)."""
        return {e.area.id: e.status_class for e in self.entries if e.status_class}

    def by_class(self) -> list[tuple[str, list[IndexEntry]]]:
        """Areas per status class (hoch … sehr niedrig); withheld ones are left out."""
        groups: list[tuple[str, list[IndexEntry]]] = []
        for number, name in STATUS_LABELS.items():
            members = [e for e in self.entries if e.status_class == number and not e.withheld]
            groups.append((str(name), sorted(members, key=lambda e: e.area.code)))
        return groups

    def withheld_entries(self) -> list[IndexEntry]:
        return [e for e in self.entries if e.withheld]

    def describe(self) -> str:
        """One line for the parameter block and every export."""
        level = self.level.name
        status = ", ".join(p.label() for p in self.status) or "–"
        if self.dynamic:
            dynamic = _("%(parts)s (change in percentage points)") % {
                "parts": ", ".join(p.label() for p in self.dynamic)
            }
        else:
            dynamic = _("none (only one year of data)")
        text = _(
            "computed per %(level)s; status: %(status)s; dynamics: %(dynamic)s; "
            "%(evaluated)s areas evaluated, %(excluded)s excluded (fewer than %(min)s "
            "residents, without values or excluded by the planning unit); "
            "class used in the score"
        ) % {
            "level": level,
            "status": status,
            "dynamic": dynamic,
            "evaluated": self.evaluated,
            "excluded": self.excluded,
            "min": self.config.min_population,
        }
        if self.dropped:
            text += "; " + _("no dynamics for %(names)s (no earlier year)") % {
                "names": ", ".join(self.dropped)
            }
        return text


def cached_index(municipality: Municipality, user: Reader) -> SocialIndex | None:
    """``compute_index`` once per data version and clearance (``core.computed``)."""
    return computed.remember(
        "index", municipality.id, user, (), lambda: compute_index(municipality, user)
    )


def compute_index(municipality: Municipality, user: Reader) -> SocialIndex | None:
    """The municipality's social index, or None when none is configured or computable."""
    config = (
        IndexConfig.objects.filter(municipality=municipality)
        .select_related("level")
        .prefetch_related("excluded_areas")
        .first()
    )
    if config is None or not config.indicators:
        return None
    level = config.level
    if level is None:
        level = AreaLevel.objects.filter(municipality=municipality).order_by("-depth").first()
        if level is None:
            return None
    areas = list(Area.objects.filter(level=level).select_related("level").order_by("code"))
    if not areas:
        return None
    slugs = {str(e["indicator"]) for e in config.indicators}
    residents_slug = settings.SUPPRESS_POPULATION_INDICATOR
    indicators = {
        i.slug: i
        for i in Indicator.objects.filter(
            municipality=municipality, slug__in=slugs | {residents_slug}
        )
    }
    rows = (
        IndicatorValue.objects.visible_to(user)
        .filter(indicator__in=indicators.values(), area__in=areas)
        .values_list("indicator_id", "area_id", "period", "value")
    )
    values: dict[tuple[int, str], dict[int, float]] = {}
    for indicator_id, area_id, period, value in rows:
        if YEAR.match(period):
            values.setdefault((indicator_id, period), {})[area_id] = float(value)

    def periods(indicator: Indicator) -> list[str]:
        return sorted({p for (i, p) in values if i == indicator.id})

    result = SocialIndex(config, level)
    for entry in config.indicators:
        indicator = indicators.get(str(entry["indicator"]))
        if indicator is None or not periods(indicator):
            continue
        newest = periods(indicator)[-1]
        direction = int(entry.get("direction", 1))
        weight = float(entry.get("weight", 1.0))
        if entry.get("part", "status") == "status":
            result.status.append(IndexPart(indicator, newest, "", direction, weight))
            continue
        start = str(int(newest) - int(entry.get("span", DEFAULT_SPAN)))
        if (indicator.id, start) in values:
            result.dynamic.append(IndexPart(indicator, newest, start, direction, weight))
        else:
            result.dropped.append(indicator.name)
    if not result.status:
        return None

    ids = [a.id for a in areas]
    arrays: dict[str, list[float]] = {}
    for part in result.status:
        own = values[(part.indicator.id, part.period)]
        arrays[part.key] = [own.get(a, np.nan) for a in ids]
    for part in result.dynamic:
        later = values[(part.indicator.id, part.period)]
        earlier = values[(part.indicator.id, part.start)]
        arrays[part.key] = [later.get(a, np.nan) - earlier.get(a, np.nan) for a in ids]
    residents = indicators.get(residents_slug)
    status_year = max(p.period for p in result.status)
    population = values.get((residents.id, status_year), {}) if residents is not None else {}
    thresholds: Sequence[float] = [float(t) for t in config.thresholds or ()] or (
        -1.0,
        1.0,
        1.5,
    )
    mss_config = mss.IndexConfig(
        status=[p.key for p in result.status],
        dynamic=[p.key for p in result.dynamic],
        directions={p.key: p.direction for p in [*result.status, *result.dynamic]},
        weights={p.key: p.weight for p in [*result.status, *result.dynamic]},
        min_population=float(config.min_population),
        excluded=frozenset(str(a.id) for a in config.excluded_areas.all()),
        status_thresholds=thresholds,
    )
    computed = mss.social_index(
        [str(a) for a in ids],
        [population.get(a, 0.0) for a in ids],
        arrays,
        mss_config,
    )
    from sozialplanung.areas.suppression import withheld_areas
    from sozialplanung.core.suppression import needs_suppression

    hidden: set[int] = set()
    if needs_suppression(user, municipality):
        for part in [*result.status, *result.dynamic]:
            hidden |= withheld_areas(municipality, part.period, [part.indicator], user)
            if part.start:
                hidden |= withheld_areas(municipality, part.start, [part.indicator], user)
    result.entries = [
        IndexEntry(
            area=area,
            status_class=int(computed.status_class[i]),
            dynamic=computed.dynamic_class[i] if result.dynamic else "",
            withheld=area.id in hidden,
        )
        for i, area in enumerate(areas)
    ]
    return result
