"""The duplicate rule of the offer import.

Two offers are presumably the same when they have the same provider, similar names
(``difflib`` ratio of the normalised names at least ``NAME_SIMILARITY``) and lie
within ``MAX_DISTANCE_M`` metres of each other. Without coordinates on either side,
the same street and postal code count as the same place, and two offers with neither
coordinates nor address (telephone counselling, outreach) as at the same place. Distances are great-circle
distances (haversine); at 50 m the difference to a metric projection is millimetres.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass

NAME_SIMILARITY = 0.85
MAX_DISTANCE_M = 50.0
EARTH_RADIUS_M = 6_371_008.8

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalise_name(name: str) -> str:
    """Lower case, umlauts spelt out, accents and punctuation dropped, spaces single."""
    text = name.casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def normalise_street(street: str) -> str:
    text = normalise_name(street)
    return re.sub(r"\bstr(asse)?\b", "str", text.replace("strasse", "str"))


def name_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise_name(a), normalise_name(b)).ratio()


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Place:
    """What the rule compares: provider (by normalised name), name and place."""

    provider: str
    name: str
    latitude: float | None
    longitude: float | None
    street: str = ""
    postal_code: str = ""

    def distance_to(self, other: Place) -> float | None:
        """Metres between the two, 0 for the same address, None when unknown."""
        if None not in (self.latitude, self.longitude, other.latitude, other.longitude):
            return distance_m(self.latitude, self.longitude, other.latitude, other.longitude)  # type: ignore[arg-type]
        if (
            self.street
            and normalise_street(self.street) == normalise_street(other.street)
            and self.postal_code.strip() == other.postal_code.strip()
        ):
            return 0.0
        if not self.has_place and not other.has_place:
            return 0.0  # two offers without a place (telephone counselling, outreach)
        return None

    @property
    def has_place(self) -> bool:
        return self.latitude is not None or bool(self.street or self.postal_code)


@dataclass(frozen=True)
class Match:
    similarity: float
    distance: float

    @property
    def identical(self) -> bool:
        """Same normalised name: the same offer (re-import), not a duplicate."""
        return self.similarity >= 1.0


def compare(a: Place, b: Place) -> Match | None:
    """A match when ``a`` and ``b`` fall under the duplicate rule, else None."""
    if normalise_name(a.provider) != normalise_name(b.provider):
        return None
    similarity = name_similarity(a.name, b.name)
    if similarity < NAME_SIMILARITY:
        return None
    distance = a.distance_to(b)
    if distance is None or distance > MAX_DISTANCE_M:
        return None
    return Match(similarity, distance)


def german_metres(distance: float) -> str:
    return f"{round(distance):d} m"
