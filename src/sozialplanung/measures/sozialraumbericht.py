"""The Sozialraumbericht (A0200/21): per Sozialraum and planning domain the needs found,
the providers' reported needs, the evidence cited, what existing offers can absorb and
what not, and the measures planned; with a summary table across all Sozialräume.

Built from the gap analyses the pages show (``needs.compute.analyse``, with the chosen
forecast year or scenario as its ``Variation``), at the municipality's Sozialraum level:
the first level below the whole city (Dresden: the Stadtbezirke), or the level chosen.
Sums and counts are in ``analysis.sozialraum_summary``.

Two editions. The public one is computed for the public reader (nobody logged in): what
the public may not see is withheld ("•") exactly as on the public gap pages, and the
internal records (need reports, non-public measures and evidence) are left out. The
internal one reads as its (internal) reader does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.analysis.sozialraum_summary import (
    CategoryFigures,
    DomainSummary,
    combine,
    summarise,
)
from sozialplanung.areas.models import Area, AreaLevel, Indicator, IndicatorValue, PlanningDomain
from sozialplanung.areas.suppression import withheld_areas
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.models import Municipality
from sozialplanung.core.suppression import Suppressed
from sozialplanung.needs.absorption import AreaAbsorption, absorption
from sozialplanung.needs.compute import (
    Variation,
    analyse,
    parameterised_categories,
)
from sozialplanung.needs.gap_result import GapAnalysis, GapRow, score_text
from sozialplanung.offers.models import NeedReport, OfferCategory

from .models import Evidence, Measure

INTERNAL, PUBLIC = "intern", "oeffentlich"
WITHHELD = "•"


@dataclass
class CategorySection:
    category: OfferCategory
    analysis: GapAnalysis
    row: GapRow
    absorption: AreaAbsorption | None
    figures: CategoryFigures
    reports: list[NeedReport] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        return self.row.withheld

    @property
    def score(self) -> str:
        return WITHHELD if self.withheld else score_text(self.row.gap.score)

    @property
    def per_1000(self) -> str:
        return WITHHELD if self.withheld else de_number(self.row.gap.coverage.per_1000, 1)

    @property
    def reference(self) -> str:
        params = self.analysis.params
        return de_number(params.richtwert, 1) if params else "–"

    def amount(self, value: float | Suppressed | None) -> str:
        if self.withheld or isinstance(value, Suppressed):
            return WITHHELD
        return de_number(value, 0)


@dataclass
class IndicatorLine:
    name: str
    value: str
    unit: str


@dataclass
class DomainSection:
    domain: PlanningDomain
    categories: list[CategorySection]
    indicators: list[IndicatorLine]
    evidence: list[Evidence]
    measures: list[Measure]
    summary: DomainSummary


@dataclass
class SozialraumSection:
    area: Area
    index_class: str
    domains: list[DomainSection]
    summary: DomainSummary

    def domains_by_id(self) -> dict[int, DomainSection]:
        return {part.domain.id: part for part in self.domains}


@dataclass
class Sozialraumbericht:
    municipality: Municipality
    period: str
    edition: str
    level: AreaLevel
    domains: list[PlanningDomain]
    variation: Variation | None
    sections: list[SozialraumSection]
    domain_totals: dict[int, DomainSummary]
    total: DomainSummary
    evidence: list[Evidence]
    analyses: list[GapAnalysis]
    as_of: dt.datetime = field(default_factory=timezone.now)

    @property
    def public(self) -> bool:
        return self.edition == PUBLIC

    def summary(self, area_id: int, domain_id: int) -> DomainSummary | None:
        for section in self.sections:
            if section.area.id == area_id:
                for part in section.domains:
                    if part.domain.id == domain_id:
                        return part.summary
        return None


def sozialraum_level(municipality: Municipality, slug: str = "") -> AreaLevel | None:
    """The level chosen by ``slug``, else the first below the whole municipality."""
    levels = AreaLevel.objects.filter(municipality=municipality, depth__gt=0).order_by("depth")
    return levels.filter(slug=slug).first() if slug else levels.first()


def _figures(row: GapRow, absorbed: AreaAbsorption | None) -> CategoryFigures:
    """The summary's figures of one category in one Sozialraum: the need as ``absorb``
    counts it (the shortfalls of its sub-areas), what can be absorbed and what remains;
    a withheld figure counts as unknown."""
    if row.withheld:
        return CategoryFigures(score=None, shortfall=None, withheld=True)
    if absorbed is None:
        return CategoryFigures(score=row.gap.score, shortfall=row.gap.coverage.deficit)

    def known(value: float | Suppressed) -> float | None:
        return None if isinstance(value, Suppressed) else value

    return CategoryFigures(
        score=row.gap.score,
        shortfall=known(absorbed.need),
        absorbable=known(absorbed.absorbable),
        remaining=known(absorbed.remaining),
    )


def _descendants(areas: dict[int, Area], root_id: int) -> set[int]:
    """``root_id`` and every area below it."""
    found = {root_id}
    grew = True
    while grew:
        more = {a_id for a_id, a in areas.items() if a.parent_id in found} - found
        found |= more
        grew = bool(more)
    return found


def _indicator_lines(
    municipality: Municipality,
    domain: PlanningDomain,
    targets: list[int],
    level: AreaLevel,
    period: str,
    reader: Any,
) -> dict[int, list[IndicatorLine]]:
    """The domain's indicators and the target groups of its categories (``targets``) per
    Sozialraum in ``period``; withheld values as "•"."""
    indicators = list(
        Indicator.objects.visible_to(reader)
        .filter(Q(domains=domain) | Q(id__in=targets), municipality=municipality)
        .distinct()
        .order_by("name")
    )
    values = {
        (v.indicator_id, v.area_id): v.value
        for v in IndicatorValue.objects.visible_to(reader).filter(
            indicator__in=indicators, area__level=level, period=period
        )
    }
    lines: dict[int, list[IndicatorLine]] = {}
    for indicator in indicators:
        hidden = withheld_areas(municipality, period, [indicator], reader)
        for (indicator_id, area_id), value in values.items():
            if indicator_id != indicator.id:
                continue
            text = WITHHELD if area_id in hidden else de_number(value, indicator.decimals)
            lines.setdefault(area_id, []).append(
                IndicatorLine(indicator.name, text, indicator.unit)
            )
    return lines


def build_report(
    municipality: Municipality,
    user: Any,
    *,
    period: str,
    edition: str = PUBLIC,
    level: AreaLevel | None = None,
    variation: Variation | None = None,
) -> Sozialraumbericht:
    """The report for ``period``; ``user`` must be internal for the internal edition
    (the exporter and the page check that)."""
    reader = None if edition == PUBLIC else user
    level = level or sozialraum_level(municipality)
    if level is None:
        raise ValueError("no area level below the municipality")
    domains = list(PlanningDomain.objects.filter(municipality=municipality))
    categories = parameterised_categories(municipality)
    analyses = {
        c.id: analyse(municipality, c, reader, level, variation)
        for c in categories
        if c.domain_id is not None
    }
    all_areas = next(iter(analyses.values())).areas if analyses else {}
    sozialraeume = sorted(
        Area.objects.filter(municipality=municipality, level=level), key=lambda a: a.code
    )
    evidence = list(
        Evidence.objects.visible_to(reader)
        .filter(municipality=municipality)
        .prefetch_related("domains")
    )
    measure_links = _measure_links(municipality, reader, list(analyses))
    reports = _need_reports(municipality, reader, analyses)
    absorbed = {c_id: absorption(a) for c_id, a in analyses.items()}
    indicator_lines = {
        d.id: _indicator_lines(
            municipality,
            d,
            [
                a.params.target_indicator_id
                for a in analyses.values()
                if a.params is not None and a.category.domain_id == d.id
            ],
            level,
            period,
            reader,
        )
        for d in domains
    }

    sections = []
    for area in sozialraeume:
        below = _descendants(all_areas, area.id) if all_areas else {area.id}
        parts = []
        for domain in domains:
            cats = []
            for category in categories:
                analysis = analyses.get(category.id)
                if analysis is None or category.domain_id != domain.id:
                    continue
                row = next((r for r in analysis.rows if r.area.id == area.id), None)
                if row is None:
                    continue
                here = None if row.withheld else absorbed[category.id].get(area.id)
                cats.append(
                    CategorySection(
                        category,
                        analysis,
                        row,
                        here,
                        _figures(row, here),
                        [r for r in reports.get(category.id, []) if r.area_id in below],
                    )
                )
            domain_measures = {
                m.id: m
                for category_id, area_id, m in measure_links
                if area_id in below and any(c.category.id == category_id for c in cats)
            }
            parts.append(
                DomainSection(
                    domain,
                    cats,
                    indicator_lines[domain.id].get(area.id, []),
                    [e for e in evidence if not e.domains.all() or domain in e.domains.all()],
                    list(domain_measures.values()),
                    summarise(c.figures for c in cats),
                )
            )
        sections.append(
            SozialraumSection(
                area, _index_class(analyses, area.id), parts, combine(p.summary for p in parts)
            )
        )
    domain_totals = {
        d.id: combine(p.summary for s in sections for p in s.domains if p.domain.id == d.id)
        for d in domains
    }
    return Sozialraumbericht(
        municipality=municipality,
        period=period,
        edition=edition,
        level=level,
        domains=domains,
        variation=variation,
        sections=sections,
        domain_totals=domain_totals,
        total=combine(domain_totals.values()),
        evidence=evidence,
        analyses=list(analyses.values()),
    )


def _index_class(analyses: dict[int, GapAnalysis], area_id: int) -> str:
    """The social-index class of the Sozialraum as the gap analyses read it; withheld
    where the area is withheld."""
    for analysis in analyses.values():
        for row in analysis.rows:
            if row.area.id == area_id:
                # Withheld for a small population, not for a provider's capacity (which
                # the index does not read).
                if row.withheld and not row.capacity_withheld:
                    return WITHHELD
                return de_number(row.gap.index_class, 1) if row.gap.index_class else "–"
    return "–"


def _measure_links(
    municipality: Municipality, reader: Any, category_ids: list[int]
) -> list[tuple[int, int, Measure]]:
    """(category id, area id, measure) of every gap a readable measure answers."""
    measures = {
        m.id: m
        for m in Measure.objects.visible_to(reader)
        .filter(field_of_action__plan__municipality=municipality, gaps__category__in=category_ids)
        .select_related("field_of_action__plan", "responsible_office")
        .distinct()
    }
    return [
        (gap.category_id, gap.area_id, measures[gap.measure_id])
        for m in measures.values()
        for gap in m.gaps.all()
        if gap.measure_id in measures
    ]


def _need_reports(
    municipality: Municipality, reader: Any, analyses: dict[int, GapAnalysis]
) -> dict[int, list[NeedReport]]:
    """The need reports the analyses counted (their period), per category: only where
    the analysis read them (internal readers); the public edition has none."""
    result: dict[int, list[NeedReport]] = {}
    for category_id, analysis in analyses.items():
        if not analysis.reports_visible or not analysis.reports_period:
            continue
        result[category_id] = list(
            NeedReport.objects.visible_to(reader)
            .filter(
                Q(category_id=category_id),
                municipality=municipality,
                period=analysis.reports_period,
            )
            .select_related("provider")
        )
    return result


def title(report: Sozialraumbericht) -> str:
    return _("Sozialraumbericht %(municipality)s %(period)s") % {
        "municipality": report.municipality.name,
        "period": report.period,
    }


def subtitle(report: Sozialraumbericht) -> str:
    edition = _("internal edition") if not report.public else _("public edition")
    parts = [edition, _("per %(level)s") % {"level": report.level.name}]
    if report.variation is not None:
        parts.append(str(report.variation.label))
    parts.append(
        _("as of %(day)s") % {"day": timezone.localtime(report.as_of).strftime("%d.%m.%Y")}
    )
    return " · ".join(parts)
