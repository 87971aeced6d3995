"""Demo parameters for Dresden and Leipzig: Richtwerte, target group, catchment, weights.

The values are planning assumptions for the demo, not published norms (no German city
publishes Richtwerte for these "sonstige soziale Angebote"); they are chosen so that the
city as a whole is roughly covered and the gaps show where supply is missing:

- Mittagstisch: 5 places per week per 1,000 residents (one lunch a week for 0.5 % of
  the residents, about the share of people on basic income support at old age in
  Dresden who would use a low-price lunch table); 800 m walking distance, E2SFCA steps
  (0–400 m full, –800 m half).
- Seniorentreff: 4 places per week per 1,000 residents; 800 m.
- Tafel: 1 household slot per week per 1,000 residents; 1,500 m (a weekly trip).
- Sozialberatung: 0.5 counselling hours per week per 1,000 residents; 1,500 m.

Target group is the residents indicator (``einwohner``) in both cities: Dresden's open
data have no age bands by Stadtteil, so "residents aged 65+" cannot be counted yet.
The social index (``needs.index``, Berlin MSS method) is configured for Dresden per
Stadtteil: share of foreigners and share of people in single-parent households (status:
newest year; dynamics: change over two years in percentage points; direction +1,
weight 1). Stadtteile 33, 34 and 44 are published together with a neighbour and have no
values of their own, so they are not evaluated. Leipzig per Ortsteil with the same two
shares, status only: the open data hold one year (2024), so there are no dynamics.
Minimum population 300 in both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sozialplanung.areas.models import AreaLevel, Indicator
from sozialplanung.core.audit import Process
from sozialplanung.core.models import Municipality
from sozialplanung.needs import actions
from sozialplanung.offers.models import OfferCategory

ACTOR = Process("Demo")
Out = Callable[[str], None]

# category slug -> (Richtwert per 1,000 per week, catchment m, steps, reasoning)
DEFAULTS: dict[str, tuple[float, int, list[list[float]], str]] = {
    "mittagstisch": (
        5.0,
        800,
        [[400, 1.0], [800, 0.5]],
        "Annahme der Demo: ein Mittagessen je Woche für 0,5 % der Einwohner; Fußweg 800 m.",
    ),
    "seniorentreff": (4.0, 800, [], "Annahme der Demo; Fußweg 800 m."),
    "tafel": (1.0, 1500, [], "Annahme der Demo: wöchentliche Ausgabe, Weg bis 1,5 km."),
    "sozialberatung": (0.5, 1500, [], "Annahme der Demo: Beratungsstunden je Woche."),
}

SHARES = ["auslaenderanteil", "anteil-alleinerziehende"]
# municipality -> (level, status indicators, dynamic indicators with span in years)
INDEX: dict[str, tuple[str, list[str], list[str]]] = {
    "dresden": ("stadtteil", SHARES, SHARES),
    "leipzig": ("ortsteil", SHARES, []),
}
DYNAMIC_SPAN = 2


def load(out: Out = print) -> None:
    for slug in ("dresden", "leipzig"):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            continue
        residents = Indicator.objects.filter(municipality=municipality, slug="einwohner").first()
        if residents is None:
            continue
        done = []
        for cat_slug, (richtwert, catchment, steps, note) in DEFAULTS.items():
            category = OfferCategory.objects.filter(
                municipality=municipality, slug=cat_slug
            ).first()
            if category is None:
                continue
            actions.set_category_parameters(
                category,
                richtwert=richtwert,
                target_indicator=residents,
                catchment_m=catchment,
                steps=steps,
                note=note,
                acting_user=ACTOR,
            )
            done.append(category.name)
        actions.set_gap_weights(municipality, acting_user=ACTOR)
        level_slug, status_slugs, dynamic_slugs = INDEX[slug]
        level = AreaLevel.objects.filter(municipality=municipality, slug=level_slug).first()
        known = set(
            Indicator.objects.filter(
                municipality=municipality, slug__in=[*status_slugs, *dynamic_slugs]
            ).values_list("slug", flat=True)
        )
        entries: list[dict[str, Any]] = [
            {"indicator": s, "part": "status", "direction": 1, "weight": 1.0}
            for s in status_slugs
            if s in known
        ]
        entries += [
            {
                "indicator": s,
                "part": "dynamik",
                "direction": 1,
                "weight": 1.0,
                "span": DYNAMIC_SPAN,
            }
            for s in dynamic_slugs
            if s in known
        ]
        actions.configure_index(
            municipality,
            level_id=level.pk if level else None,
            indicators=entries,
            thresholds=[-1.0, 1.0, 1.5],
            min_population=300,
            note=(
                "Demo: Ausländeranteil und Anteil Alleinerziehende (Status: neuestes Jahr; "
                "Dynamik: Veränderung über zwei Jahre in Prozentpunkten, wo Daten reichen)."
            ),
            acting_user=ACTOR,
        )
        out(f"{municipality.name}: Richtwerte für {', '.join(done)} gesetzt")
