"""The columns of the offer import (German headers) and how one row becomes an offer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sozialplanung.core.formats.numbers import cents

NAME = "Name"
PROVIDER = "Träger"
CATEGORY = "Angebotsart"
TARGET_GROUPS = "Zielgruppen"
STREET = "Straße"
POSTAL_CODE = "PLZ"
LOCALITY = "Ort"
LATITUDE = "Breitengrad"
LONGITUDE = "Längengrad"
PLACES = "Plätze je Termin"
SESSIONS = "Termine je Woche"
CAPACITY = "Kapazität"
VISITS = "Besuche je Jahr"
STATUS = "Status"
EMAIL = "E-Mail"
PHONE = "Telefon"
WEBSITE = "Webseite"
HOURS = "Öffnungszeiten"
DESCRIPTION = "Beschreibung"
CONFIRMED = "Zuletzt bestätigt"
EXTERNAL_ID = "Kennung"

REQUIRED = (NAME, PROVIDER, CATEGORY)
ALL = (
    NAME,
    PROVIDER,
    CATEGORY,
    TARGET_GROUPS,
    STREET,
    POSTAL_CODE,
    LOCALITY,
    LATITUDE,
    LONGITUDE,
    PLACES,
    SESSIONS,
    CAPACITY,
    VISITS,
    STATUS,
    EMAIL,
    PHONE,
    WEBSITE,
    HOURS,
    DESCRIPTION,
    CONFIRMED,
    EXTERNAL_ID,
)

STATUS_WORDS = {
    "": "aktiv",
    "aktiv": "aktiv",
    "active": "aktiv",
    "pausiert": "pausiert",
    "paused": "pausiert",
    "ruht": "pausiert",
    "geschlossen": "geschlossen",
    "closed": "geschlossen",
    "eingestellt": "geschlossen",
}


@dataclass
class OfferRow:
    """One valid row: everything save_offer needs, with names still unresolved."""

    row: int
    name: str
    provider: str
    category_id: int
    target_group_ids: list[int] | None
    latitude: float | None
    longitude: float | None
    opening_hours: list[tuple[int, dt.time, dt.time]] | None
    fields: dict[str, object] = field(default_factory=dict)

    @property
    def street(self) -> str:
        return str(self.fields.get("street_address", ""))

    @property
    def postal_code(self) -> str:
        return str(self.fields.get("postal_code", ""))


def decimal_or_none(value: float | None) -> Decimal | None:
    return None if value is None else cents(value)
