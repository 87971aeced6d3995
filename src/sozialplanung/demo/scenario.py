"""The demo's scenario of Dresden: "Neubaugebiet Leuben-Süd, 400 Wohnungen" (example data).

A new housing quarter of 400 dwellings in Stadtteil 61 Leuben, with 2,0 persons per
dwelling: an assumption of the demo, above Dresden's mean household of about 1,8
persons (Kommunale Statistikstelle Dresden, Haushaltegenerierung), since new-built
quarters draw families. Every demo category counts all residents (``einwohner``) as its
target group, so the share is 100 %. With it, one planned Mittagstisch in the quarter
(60 places on 5 days, 300 places a week). The demo measure "Mittagstisch im
Sozialbezirk Leuben" cites the scenario. Nothing of it is a plan of the city.
"""

from __future__ import annotations

from collections.abc import Callable

import shapely

from sozialplanung.areas.models import Area, Indicator
from sozialplanung.areas.queries import current_boundaries
from sozialplanung.core.audit import Process, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.measures.models import Measure
from sozialplanung.needs.models import Scenario
from sozialplanung.needs.scenario_actions import PlannedOfferRecord, save_scenario
from sozialplanung.offers.models import OfferCategory

ACTOR = Process("Demo")
Out = Callable[[str], None]

NAME = "Neubaugebiet Leuben-Süd, 400 Wohnungen"
AREA_CODE = "61"
DWELLINGS = 400
HOUSEHOLD_SIZE = 2.0
PLANNED_CAPACITY = 300.0  # 60 places × 5 days
CITED_BY = "Mittagstisch im Sozialbezirk Leuben"


def load(out: Out = print) -> None:
    dresden = Municipality.objects.filter(slug="dresden").first()
    if dresden is None:
        return
    leuben = Area.objects.filter(
        municipality=dresden, code=AREA_CODE, level__slug="stadtteil"
    ).first()
    category = OfferCategory.objects.filter(municipality=dresden, slug="mittagstisch").first()
    residents = Indicator.objects.filter(municipality=dresden, slug="einwohner").first()
    if leuben is None or category is None or residents is None:
        return
    boundary = current_boundaries(Area.objects.filter(pk=leuben.pk)).get(leuben.pk)
    if boundary is None:
        return
    # A point surely inside Leuben (a centroid may lie outside a bent boundary).
    point = shapely.from_geojson(boundary.geometry).representative_point()
    scenario = save_scenario(
        dresden,
        values={
            "name": NAME,
            "is_example": True,
            "description": (
                "Beispieldaten: Wie ändern sich Versorgung und Lücken, wenn in Leuben ein "
                "Neubaugebiet mit 400 Wohnungen entsteht und dort ein Mittagstisch öffnet?"
            ),
            "quarter_name": "Neubaugebiet Leuben-Süd (Beispiel)",
            "quarter_area": leuben,
            "dwellings": DWELLINGS,
            "household_size": HOUSEHOLD_SIZE,
            "target_shares": {residents.slug: 1.0},
            "quarter_note": (
                "Annahme der Demo: 2,0 Personen je Wohnung (Dresden im Mittel rund 1,8 "
                "Personen je Haushalt; Neubaugebiete ziehen Familien an). Alle Kategorien der "
                "Demo zählen alle Einwohnerinnen und Einwohner als Zielgruppe: Anteil 100 %."
            ),
        },
        planned=[
            PlannedOfferRecord(
                category=category,
                name="Mittagstisch Leuben-Süd (geplant, Beispiel)",
                longitude=point.x,
                latitude=point.y,
                weekly_capacity=PLANNED_CAPACITY,
            )
        ],
        scenario=Scenario.objects.filter(municipality=dresden, name=NAME).first(),
        acting_user=ACTOR,
    )
    measure = Measure.objects.filter(
        field_of_action__plan__municipality=dresden, title=CITED_BY
    ).first()
    if measure is not None:
        save_audited(measure, {"scenario": scenario}, acting_user=ACTOR)
    out(f"Dresden: Szenario „{NAME}“ (Beispieldaten)")
