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
The social index is configured for Dresden per Stadtbezirk (share of foreigners, share
of people in single-parent households, unemployed per resident; all direction +1,
weight 1, Status part) and for Leipzig per Ortsteil (unemployed, foreigners, single
parents per resident); computing it waits for ``analysis.index``.
"""

from __future__ import annotations

from collections.abc import Callable

from sozialplanung.areas.models import AreaLevel, Indicator
from sozialplanung.core.models import Municipality
from sozialplanung.offers.models import OfferCategory

from . import actions

ACTOR = "Demo"
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

INDEX: dict[str, tuple[str, list[str]]] = {
    "dresden": ("stadtbezirk", ["auslaenderanteil", "anteil-alleinerziehende", "arbeitslose"]),
    "leipzig": ("ortsteil", ["arbeitslose", "auslaender", "alleinerziehende"]),
}


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
                actor=ACTOR,
            )
            done.append(category.name)
        actions.set_gap_weights(municipality, actor=ACTOR)
        level_slug, indicator_slugs = INDEX[slug]
        level = AreaLevel.objects.filter(municipality=municipality, slug=level_slug).first()
        known = set(
            Indicator.objects.filter(
                municipality=municipality, slug__in=indicator_slugs
            ).values_list("slug", flat=True)
        )
        actions.configure_index(
            municipality,
            level_id=level.pk if level else None,
            indicators=[
                {"indicator": s, "part": "status", "direction": 1, "weight": 1.0}
                for s in indicator_slugs
                if s in known
            ],
            thresholds=[-1.0, 1.0, 1.5],
            min_population=300,
            note="Demo: Status-Indikatoren je nach verfügbaren offenen Daten.",
            actor=ACTOR,
        )
        out(f"{municipality.name}: Richtwerte für {', '.join(done)} gesetzt")
