"""The offer form's address lookup: a typed address to its point, for the small map.

The form finds the point itself when it is saved (``OfferForm.clean``); this answers the
same question while the provider types, so that the map's marker moves to the address
before saving and the provider can correct it there.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import logged_in, municipality_page

from .addresses import find_address


@municipality_page(logged_in)
def address_point(request: HttpRequest, municipality: Municipality) -> JsonResponse:
    """``?strasse=Hauptstraße 12&plz=01067`` -> the point, or 404 when not in the list."""
    found = find_address(municipality, request.GET.get("strasse", ""), request.GET.get("plz", ""))
    if found is None:
        return JsonResponse({"found": False}, status=404)
    return JsonResponse(
        {
            "found": True,
            "latitude": found.latitude,
            "longitude": found.longitude,
            "postal_code": found.postal_code,
        }
    )
