"""Finding an offer's point from its typed address in the municipality's address list.

"Hauptstr. 12 a" and "Hauptstraße 12a" are the same address: the street is compared
in lower case with "str." written out and single spaces, the house number without
spaces and in lower case.
"""

from __future__ import annotations

import re

from sozialplanung.core.models import Municipality

from .models import AddressPoint

_NUMBER = re.compile(
    r"^(?P<street>.*?\D)\s*(?P<number>\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$"
)


def street_key(street: str) -> str:
    key = " ".join(street.lower().split())
    return re.sub(r"str\.?(?=\s|$)", "straße", key).replace("strasse", "straße")


def number_key(number: str) -> str:
    return "".join(number.split()).lower()


def split_address(text: str) -> tuple[str, str] | None:
    """ "Hauptstraße 12a" -> ("Hauptstraße", "12a"); None without a house number."""
    match = _NUMBER.match(text.strip())
    if match is None:
        return None
    return match["street"].strip(" ,"), number_key(match["number"])


def has_address_list(municipality: Municipality) -> bool:
    return AddressPoint.objects.filter(municipality=municipality).exists()


def find_address(
    municipality: Municipality, street_address: str, postal_code: str = ""
) -> AddressPoint | None:
    """The list's entry for a typed address, or None (no number, unknown, ambiguous)."""
    parts = split_address(street_address)
    if parts is None:
        return None
    street, number = parts
    found = AddressPoint.objects.filter(
        municipality=municipality, street_key=street_key(street), house_number=number
    )
    if postal_code.strip():
        found = found.filter(postal_code=postal_code.strip())
    matches = list(found[:2])
    return matches[0] if len(matches) == 1 else None
