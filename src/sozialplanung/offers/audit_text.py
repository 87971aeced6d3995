"""Words for what an offer's trail holds besides its fields (``core.audit_display``).

The trail stores opening hours as ``"0 10:00-16:00"`` (weekday, opens, closes; see
``actions.inventory._offer_relations``); the history says "Mo 10–16 Uhr".
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.audit_display import EMPTY, register_value_text

_SLOT = re.compile(r"^(\d) (\d\d):(\d\d)-(\d\d):(\d\d)$")


def _time(hour: str, minute: str) -> str:
    return str(int(hour)) if minute == "00" else f"{int(hour)}:{minute}"


def opening_hours_text(slots: Any) -> str:
    """``["0 10:00-16:00", "2 09:30-12:00"]`` -> "Mo 10–16 Uhr, Mi 9:30–12 Uhr"."""
    if not slots:
        return EMPTY
    said = []
    for slot in slots:
        match = _SLOT.match(str(slot))
        if match is None:
            said.append(str(slot))
            continue
        day, oh, om, ch, cm = match.groups()
        said.append(
            _("%(day)s %(opens)s–%(closes)s h")
            % {"day": WEEKDAYS_ABBR[int(day)], "opens": _time(oh, om), "closes": _time(ch, cm)}
        )
    return ", ".join(said)


def register() -> None:
    register_value_text(
        "offers.Offer", "opening_hours", gettext_lazy("opening hours"), opening_hours_text
    )
