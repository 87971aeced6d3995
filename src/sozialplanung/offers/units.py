"""The capacity units the code fills in, in the reader's language.

The default categories (``actions.inventory.DEFAULT_CATEGORIES``) and the model's
default store their units in German, as a municipality's own units are stored; the
English interface would otherwise read "5.0 Plätze per 1,000 …". A unit the code
filled in is shown through its translation; a unit a municipality typed stays as typed.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# Stored (German) unit -> its text in the active language.
CODE_UNITS: dict[str, Promise] = {
    "Plätze": pgettext_lazy("capacity unit", "places"),
    "Haushalte": pgettext_lazy("capacity unit", "households"),
    "Öffnungsstunden": pgettext_lazy("capacity unit", "opening hours"),
    "Beratungsstunden": pgettext_lazy("capacity unit", "counselling hours"),
}


def unit_label(unit: str) -> str:
    """``unit`` as the reader reads it: translated where the code filled it in."""
    known = CODE_UNITS.get(unit)
    return str(known) if known is not None else unit
