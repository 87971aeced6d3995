"""Utilisation of Dresden's example offers (Beispieldaten), for "existing offers first".

Invented like the offers themselves: each example offer's figure comes from its own
random generator (seeded with its external id), so it stays the same from run to run and
does not shift the rest of the synthetic set. Meal offers in the districts with the
demo's meal gap (Leuben, Plauen, Cotta) are full or overbooked; elsewhere offers are 55 to
98 % full; about one in seven has not reported (it then counts as full). A second run
changes nothing: a reported date is kept once it exists.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from sozialplanung.core.audit import Process
from sozialplanung.core.models import Municipality
from sozialplanung.demo.dresden_offer_tables import MEAL_GAP_DISTRICTS
from sozialplanung.demo.dresden_offers import SEED
from sozialplanung.offers import actions
from sozialplanung.offers.models import Offer

ACTOR = Process("Demo")
UNREPORTED_SHARE = 0.15


def example_utilisation(key: str, category: str, district: str) -> float | None:
    """The invented share in use of one example offer (None: not reported)."""
    rng = random.Random(f"{SEED}:auslastung:{key}")
    if rng.random() < UNREPORTED_SHARE:
        return None
    if category == "mittagstisch" and district in MEAL_GAP_DISTRICTS:
        return round(rng.uniform(0.95, 1.15), 2)
    return round(rng.uniform(0.55, 0.98), 2)


def load_dresden_utilisation(
    municipality: Municipality, out: Callable[[str], None] = print
) -> None:
    offers = (
        Offer.objects.filter(
            municipality=municipality, external_id__startswith="beispiel-dresden:", is_example=True
        )
        .select_related("category", "provider")
        .prefetch_related("located_in__level")
    )
    reported = 0
    for offer in offers:
        # The district is the first digit of the Stadtteil code, as in dresden_offers.
        district = next(
            (a.code[:1] for a in offer.located_in.all() if a.level.slug == "stadtteil"), ""
        )
        share = example_utilisation(offer.external_id, offer.category.slug, district)
        if share is None:
            continue
        rng = random.Random(f"{SEED}:auslastung-stand:{offer.external_id}")
        as_of = offer.utilisation_as_of or dt.date.today() - dt.timedelta(days=rng.randint(3, 90))
        actions.report_utilisation(offer, share, as_of=as_of, acting_user=ACTOR)
        reported += 1
    out(f"Dresden: Auslastung von {reported} Beispielangeboten gemeldet (Beispieldaten)")
