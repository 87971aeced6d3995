"""The area profile as one printable PDF (Typst), with the same figures as the page.

Map and charts are the page's SVGs; every text goes in as a Typst string literal
(``reports.typst.string``). Withheld values print as "•", as on the page.
"""

from __future__ import annotations

from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.formats.periods import period_label
from sozialplanung.core.suppression import SYMBOL, Suppressed
from sozialplanung.reports.base import Exporter, Parameter, register
from sozialplanung.reports.typst import FONT, compile_pdf, string

from .profile import AreaProfile, area_profile
from .profile_comparable import Choice, Comparable, profile_comparison
from .profile_views import profile_area_or_404


def number(value: float | Suppressed | None, decimals: int) -> str:
    return SYMBOL if isinstance(value, Suppressed) else de_number(value, decimals)


def _cell(text: str) -> str:
    return f"[#{string(text)}]"


def _table(widths: str, headers: list[str], rows: list[list[str]], numeric: range) -> str:
    """A Typst table; the ``numeric`` columns are right-aligned."""
    align = f"(x, y) => if x in {tuple(numeric)!r} {{ right }} else {{ left }}"
    out = [
        f"#table(columns: {widths}, inset: 4pt, stroke: 0.4pt + luma(170), align: {align},\n",
        "  table.header("
        + ", ".join(f'text(weight: "bold", {string(h)})' for h in headers)
        + "),\n",
    ]
    for row in rows:
        out.append("  " + ", ".join(_cell(c) for c in row) + ",\n")
    out.append(")\n\n")
    return "".join(out)


def _svg(svg: str, width: str) -> str:
    return f'#image(bytes({string(svg)}), format: "svg", width: {width})'


def typst_source(profile: AreaProfile, choice: Choice, comparables: list[Comparable]) -> str:
    area = profile.area
    heading = _("Area profile %(area)s") % {"area": area}
    facts = _("%(municipality)s · %(level)s · as of %(day)s") % {
        "municipality": profile.municipality.name,
        "level": area.level.name,
        "day": profile.as_of.strftime("%d.%m.%Y %H:%M"),
    }
    out = [
        f"#set document(title: {string(heading)})\n",
        '#set page(paper: "a4", margin: (x: 16mm, top: 14mm, bottom: 16mm),\n'
        '  footer: context align(right, text(8pt, counter(page).display("1 / 1", both: true))))\n',
        f'#set text(font: {string(FONT)}, size: 9.5pt, lang: "de", region: "DE")\n',
        f'#text(17pt, weight: "bold", {string(heading)})\n\n',
        f"#{string(facts)}\n\n",
    ]
    index_lines = [f"#heading(level: 2, {string(_('Social index'))})\n"]
    if profile.index is not None:
        entry = profile.index
        status = SYMBOL if entry.withheld else (entry.status_name or _("not evaluated"))
        dynamic = SYMBOL if entry.withheld else (entry.dynamic_name or "–")
        index_lines.append(
            f"#{string(_('Status class') + ': ' + status)} \\\n"
            f"#{string(_('Dynamics') + ': ' + dynamic)}\n\n"
            f"#text(8pt, {string(profile.index_description)})\n"
        )
    else:
        index_lines.append(f"#{string(_('The social index is not computed for this level.'))}\n")
    left = _svg(profile.map_svg, "100%") if profile.map_svg else string(_("No boundary"))
    out.append(
        f"#grid(columns: (1.2fr, 1fr), gutter: 8mm, [{left}], [\n{''.join(index_lines)}])\n\n"
    )

    out.append(f"#heading(level: 2, {string(_('Key indicators'))})\n")
    rows = []
    for line in profile.indicators:
        d = line.indicator.decimals
        spread = line.spread
        name = line.indicator.name + (f" ({line.indicator.unit})" if line.indicator.unit else "")
        rows.append(
            [
                name,
                period_label(line.period),
                number(line.value, d),
                de_number(spread.minimum, d) if spread else "–",
                de_number(spread.mean, d) if spread else "–",
                de_number(spread.maximum, d) if spread else "–",
            ]
        )
    out.append(
        _table(
            "(2.6fr, auto, 1fr, 1fr, 1fr, 1fr)",
            [_("Indicator"), _("Period"), _("Value"), _("Minimum"), _("Mean"), _("Maximum")],
            rows,
            range(2, 6),
        )
    )
    level = area.level.name_plural or area.level.name
    out.append(
        f"#text(8pt, {string(_('Minimum, mean and maximum over the %(level)s of the city in the same period (mean of the areas, unweighted); withheld values take no part.') % {'level': level})})\n\n"
    )

    charts = [(line, line.chart_svg(area)) for line in profile.indicators]
    charts = [(line, svg) for line, svg in charts if svg]
    if charts:
        out.append(f"#heading(level: 2, {string(_('Over time'))})\n")
        out.append(
            f"#text(8pt, {string(_('Solid line: observed values. Dashed line with open points: forecast.'))})\n\n"
        )
        cells = [
            f'block(breakable: false)[#text(8.5pt, weight: "bold", {string(line.indicator.name)})'
            f" \\ {_svg(svg, '100%')}]"
            for line, svg in charts
        ]
        out.append("#grid(columns: (1fr, 1fr), gutter: 5mm, " + ", ".join(cells) + ")\n\n")

    out.append(f"#heading(level: 2, {string(_('Offers and gaps by planning domain'))})\n")
    for block in profile.domains:
        out.append(f"#heading(level: 3, {string(block.name)})\n")
        if block.gaps:
            out.append(
                _table(
                    "(1.4fr, auto, auto, 3fr)",
                    [_("Category"), _("Gap score"), _("Gap rank"), _("Explanation")],
                    [
                        [
                            g.category.name,
                            g.score,
                            SYMBOL if g.withheld else (str(g.rank) if g.rank else "–"),
                            g.explanation,
                        ]
                        for g in block.gaps
                    ],
                    range(1, 3),
                )
            )
        offers = "; ".join(
            f"{o.name} ({o.category.name}{', ' + address if address else ''})"
            for o, address in block.offers
        ) or _("No offer of this planning domain is located in this area.")
        out.append(f"#text(8.5pt, {string(_('Offers') + ': ' + offers)})\n\n")
    if not profile.domains:
        out.append(
            f"#{string(_('No offer is located in this area, and no gap analysis exists yet.'))}\n\n"
        )

    if choice.chosen:
        out.append(f"#heading(level: 2, {string(_('Comparable areas'))})\n")
        out.append(
            f"#text(8pt, {string(_('Distance of the z-standardised newest observed values; tolerance %(t)s.') % {'t': de_number(choice.tolerance, 1)})})\n\n"
        )
        own = {line.indicator.id: line.value for line in profile.indicators}
        rows = [
            [f"{area} ({_('this area')})", "–"]
            + [number(own.get(i.id), i.decimals) for i in choice.chosen]
        ] + [
            [str(c.area), de_number(c.distance, 2)]
            + [de_number(v, i.decimals) for v, i in zip(c.values, choice.chosen, strict=True)]
            for c in comparables
        ]
        out.append(
            _table(
                "(1.6fr, auto" + ", 1fr" * len(choice.chosen) + ")",
                [_("Area"), _("Distance")] + [i.name for i in choice.chosen],
                rows,
                range(1, 2 + len(choice.chosen)),
            )
        )
        if not comparables:
            out.append(f"#{string(_('No area lies within the tolerance.'))}\n\n")
    if profile.attributions:
        out.append(f"#text(8pt, {string(_('Data:') + ' ' + '; '.join(profile.attributions))})\n")
    return "".join(out)


@register
class ProfileExporter(Exporter):
    identifier = "area-profile"
    title = gettext_lazy("Area profile (Steckbrief) with city comparison, offers and gaps")
    formats = ("pdf",)
    parameters = (
        Parameter("level", gettext_lazy("short name of the area level"), required=True),
        Parameter("code", gettext_lazy("code of the area"), required=True),
        Parameter("indikator", gettext_lazy("short name of an indicator to compare (repeatable)")),
        Parameter("toleranz", gettext_lazy("tolerance of the comparison, e.g. 1,5")),
    )

    @cached_property
    def area(self):  # type: ignore[no-untyped-def]
        return profile_area_or_404(self.municipality, self.param("level"), self.param("code"))

    def file_name(self, fmt: str) -> str:
        return f"Steckbrief_{self.municipality.slug}_{self.area.level.slug}_{self.area.code}.{fmt}"

    def render(self, fmt: str) -> bytes:
        profile = area_profile(self.municipality, self.area, self.user)
        choice, comparables = profile_comparison(profile, self.query, self.user)
        return compile_pdf(typst_source(profile, choice, comparables))
