"""Dresden's planning domains in the demo: indicators and categories assigned to the four
domains of A0200/21, and one example analysis per domain that had none.

Assignments (a planning unit's choice, here the demo's):

- Jobcenter: the unemployment figures (SGB II, SGB III, under 25, foreigners) and the
  category Schuldnerberatung, which the Jobcenter arranges as a municipal integration
  service (§ 16a SGB II).
- Jugendhilfeplanung: single-parent households (and the young unemployed); the default
  categories Familienzentrum and Kinder- und Jugendtreff.
- Gesundheitsprävention: the residents (the target group of the health offers) and the
  default category Gesundheitsangebot.
- Sozialplanung: residents, foreigners, the shares of the social index, providers'
  reported needs and every other category.

Example parameters (**Beispieldaten**, assumptions of the demo, not published norms), so
that every domain has a gap analysis: Familienzentrum 20 places a week per 1,000 people
in single-parent households within 1,500 m; Gesundheitsangebot 0.3 counselling hours a
week per 1,000 residents within 1,500 m; Schuldnerberatung 0.3 counselling hours a week
per 1,000 residents within 1,500 m (the fitting target group, people receiving SGB II,
is not published per Stadtteil).
"""

from __future__ import annotations

from collections.abc import Callable

from sozialplanung.areas.domains import seed_default_domains, set_indicator_domains
from sozialplanung.areas.models import Indicator
from sozialplanung.core.audit import Process
from sozialplanung.core.models import Municipality
from sozialplanung.needs import actions as needs_actions
from sozialplanung.offers.actions.domains import set_category_domain
from sozialplanung.offers.models import OfferCategory

ACTOR = Process("Demo")
Out = Callable[[str], None]

# Indicator slug -> its planning domains.
INDICATOR_DOMAINS: dict[str, tuple[str, ...]] = {
    "einwohner": ("sozialplanung", "gesundheitspraevention"),
    "einwohner-weiblich": ("sozialplanung",),
    "einwohner-maennlich": ("sozialplanung",),
    "frauenanteil": ("sozialplanung",),
    "deutsche": ("sozialplanung",),
    "auslaender": ("sozialplanung",),
    "auslaenderanteil": ("sozialplanung",),
    "gemeldete-bedarfe": ("sozialplanung",),
    "alleinerziehende-haushalte": ("jugendhilfeplanung",),
    "personen-alleinerziehende-haushalte": ("jugendhilfeplanung",),
    "anteil-alleinerziehende": ("jugendhilfeplanung", "sozialplanung"),
    "arbeitslose": ("jobcenter",),
    "arbeitslose-sgb2": ("jobcenter",),
    "arbeitslose-sgb3": ("jobcenter",),
    "arbeitslose-auslaender": ("jobcenter", "sozialplanung"),
    "arbeitslose-unter-25": ("jobcenter", "jugendhilfeplanung"),
}

# Categories whose domain differs from the default seeding (offers DEFAULT_CATEGORY_DOMAINS).
CATEGORY_DOMAINS: dict[str, str] = {"schuldnerberatung": "jobcenter"}

EXAMPLE = "Beispieldaten (Annahme der Demo, keine veröffentlichte Norm): "
# Category slug -> (target indicator, Richtwert per 1,000 per week, catchment m, note).
EXAMPLE_PARAMETERS: dict[str, tuple[str, float, int, str]] = {
    "familienzentrum": (
        "personen-alleinerziehende-haushalte",
        20.0,
        1500,
        EXAMPLE + "20 Plätze je Woche je 1.000 Personen in Alleinerziehenden-Haushalten.",
    ),
    "gesundheit": (
        "einwohner",
        0.3,
        1500,
        EXAMPLE + "0,3 Beratungsstunden je Woche je 1.000 Einwohner.",
    ),
    "schuldnerberatung": (
        "einwohner",
        0.3,
        1500,
        EXAMPLE + "0,3 Beratungsstunden je Woche je 1.000 Einwohner (Leistungsberechtigte nach"
        " SGB II werden je Stadtteil nicht veröffentlicht).",
    ),
}


def load(out: Out = print) -> None:
    dresden = Municipality.objects.filter(slug="dresden").first()
    if dresden is None:
        return
    domains = seed_default_domains(dresden, acting_user=ACTOR)
    indicators = {i.slug: i for i in Indicator.objects.filter(municipality=dresden)}
    changed = 0
    for slug, wanted in INDICATOR_DOMAINS.items():
        if slug in indicators:
            changed += set_indicator_domains(
                indicators[slug], [domains[d] for d in wanted], acting_user=ACTOR
            )
    categories = {c.slug: c for c in OfferCategory.objects.filter(municipality=dresden)}
    for slug, domain in CATEGORY_DOMAINS.items():
        category = categories.get(slug)
        if category is not None and category.domain_id != domains[domain].id:
            set_category_domain(category, domains[domain], acting_user=ACTOR)
            changed += 1
    for slug, (target, richtwert, catchment, note) in EXAMPLE_PARAMETERS.items():
        if slug in categories and target in indicators:
            needs_actions.set_category_parameters(
                categories[slug],
                richtwert=richtwert,
                target_indicator=indicators[target],
                catchment_m=catchment,
                note=note,
                acting_user=ACTOR,
            )
    out(
        f"Dresden: Planungsbereiche für Kennzahlen und Angebotsarten … {changed} geändert;"
        f" Beispiel-Richtwerte für {', '.join(EXAMPLE_PARAMETERS)}"
    )
