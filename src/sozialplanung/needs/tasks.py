"""Recompute the analyses after their data changed, on the task engine (django-tasks).

``core.computed`` sends ``data_changed`` after the commit of a change of planning data;
``queue_recomputation`` then queues ``recompute_analyses`` (once while one is waiting),
and the worker computes the gap analysis of every category at every level and the
social index for the public and for the planning unit, so that the next page view finds
them in the cache instead of computing them (issue 17).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django_tasks import task

from sozialplanung.core.models import Municipality, User
from sozialplanung.core.visibility import Role

from .compute import analyse, gap_levels, parameterised_categories
from .forecast import year_choices
from .index import cached_index

# Set while a recomputation of the municipality waits in the queue: a burst of changes
# (an import commits many transactions) queues one, not one per commit.
_WAITING = "computed:waiting:{}"
WAIT_SECONDS = 600


def readers(municipality: Municipality) -> list[User | None]:
    """The public and, where the municipality has one, its planning unit."""
    planner = User.objects.filter(
        municipality=municipality, role=Role.SOZIALPLANUNG, is_active=True
    ).first()
    return [None, planner] if planner is not None else [None]


@task()
def recompute_analyses(municipality_id: int) -> int:
    """Compute what the pages show of the municipality; returns how many results."""
    cache.delete(_WAITING.format(municipality_id))
    municipality = Municipality.objects.get(pk=municipality_id)
    year_choices(municipality)  # the gap page's choice of forecast years
    count = 0
    for reader in readers(municipality):
        cached_index(municipality, reader)
        for category in parameterised_categories(municipality):
            for level in [None, *gap_levels(municipality)]:
                analyse(municipality, category, reader, level)
                count += 1
    return count


def queue_recomputation(sender: Any, municipality_id: int | None, **kwargs: Any) -> None:
    ids = (
        [municipality_id]
        if municipality_id is not None
        else list(Municipality.objects.values_list("pk", flat=True))
    )
    for pk in ids:
        if cache.add(_WAITING.format(pk), True, timeout=WAIT_SECONDS):
            recompute_analyses.enqueue(pk)
