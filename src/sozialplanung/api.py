"""The JSON API (django-ninja); OpenAPI at /api/openapi.json, docs at /api/docs.

Each app adds its router here. Every route reads through ``visible_to``.
"""

from ninja import NinjaAPI

from sozialplanung.areas.api import router as areas_router
from sozialplanung.offers.api import router as offers_router

api = NinjaAPI(
    title="Sozialplanung API",
    version="1.0",
    description="Kommunen, Gebiete, Indikatoren und Werte; öffentliche Angebote (Angebotsfinder). Anonyme Aufrufe sehen nur öffentliche Daten.",
    urls_namespace="api",
)

api.add_router("/", areas_router)
api.add_router("/", offers_router)
