"""The one rule of the public pages: what the public reads of a followed resolution.

A resolution is followed publicly when its municipality opted in
(``Municipality.public_resolution_control``), the planning unit published the resolution
there (``Resolution.public_follow``) and the public may read it (``visible_to`` of the
anonymous reader: public visibility of resolution and paper). Its items, reports and
measures come through ``visible_to`` of the same reader, so a status report appears
only once it is published and public. Pages, feeds and mails read only through here,
whoever is logged in: they show what the public sees.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet, Value
from django.db.models.functions import Replace

from sozialplanung.core.models import Municipality

from ..models import Resolution, ResolutionItem, StatusReport

#: The reader of every public page, feed and mail.
PUBLIC = AnonymousUser()


def reference_key(reference: str) -> str:
    """The reference as one path segment: "V2696/24" → "V2696-24"."""
    return reference.replace("/", "-")


def followed_resolutions(municipality: Municipality | None = None) -> QuerySet[Resolution]:
    """The resolutions with a public page, of one municipality or of all.

    Also for the public start page: ``followed_resolutions(m).order_by("-date")``.
    """
    found = Resolution.objects.visible_to(PUBLIC).filter(
        municipality__public_resolution_control=True,
        public_follow=True,
        deleted=False,
        paper__deleted=False,
    )
    if municipality is not None:
        found = found.filter(municipality=municipality)
    return found.select_related("paper", "meeting", "body", "municipality")


def followed_resolution(municipality: Municipality, key: str) -> Resolution | None:
    """The followed resolution whose paper's reference has the path segment ``key``.

    One followed resolution per paper (``actions.set_public_follow`` keeps it so).
    """
    return (
        followed_resolutions(municipality)
        .annotate(key=Replace("paper__reference", Value("/"), Value("-")))
        .filter(key=key)
        .order_by("-date", "-id")
        .first()
    )


def public_items(resolution: Resolution) -> QuerySet[ResolutionItem]:
    return (
        ResolutionItem.objects.visible_to(PUBLIC)
        .filter(resolution=resolution)
        .order_by("order", "id")
    )


def public_reports(**lookups: Any) -> QuerySet[StatusReport]:
    """Published public reports of followed resolutions, newest publication first."""
    return (
        StatusReport.objects.visible_to(PUBLIC)
        .filter(item__resolution__in=followed_resolutions(), **lookups)
        .select_related("item__resolution__paper", "item__resolution__municipality", "office")
        .order_by("-published_at", "-id")
    )


def public_measures(item: ResolutionItem) -> list[Any]:
    """The public measures linked to ``item`` (measures sit above council: reverse
    relation only, no import)."""
    return list(
        item.measures.visible_to(PUBLIC)
        .select_related("field_of_action__plan", "responsible_office")
        .order_by("due_quarter", "title")
    )


def latest_by_item(items: list[ResolutionItem]) -> dict[int, list[StatusReport]]:
    """Per item id: its public reports, newest first (by report date, as the timeline)."""
    history: dict[int, list[StatusReport]] = {item.pk: [] for item in items}
    reports = (
        StatusReport.objects.visible_to(PUBLIC)
        .filter(item__in=items)
        .select_related("office")
        .order_by("-date", "-id")
    )
    for report in reports:
        history[report.item_id].append(report)
    return history
