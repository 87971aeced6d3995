"""Dresden's public pages "Was wurde aus …?": the city opts in and publishes V2696/24
there; A0200/21 and the others stay without a public page (404), as the planning unit
decides per resolution. Through the same actions as the pages; a second run changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from sozialplanung.core.audit import Process
from sozialplanung.core.models import Municipality
from sozialplanung.council.models import Resolution
from sozialplanung.council.public import actions

ACTOR = Process("Demo")
FOLLOWED = ["V2696/24"]


def load(out: Callable[[str], None] = print) -> None:
    dresden = Municipality.objects.filter(slug="dresden").first()
    if dresden is None:
        return
    actions.set_public_resolution_control(dresden, True, acting_user=ACTOR)
    for resolution in Resolution.objects.filter(
        municipality=dresden, paper__reference__in=FOLLOWED
    ):
        actions.set_public_follow(resolution, True, acting_user=ACTOR)
    out(f"Dresden: „Was wurde aus …?“ öffentlich für {', '.join(FOLLOWED)}")
