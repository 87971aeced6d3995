"""Atom feeds of status changes: one per municipality, one per followed resolution.

An entry is a published status report of a followed resolution, as the public reads it
(``queries.public_reports``): status, date, public note and next control date, never
the narrative. Its time is the publication; a report changed and published again is a
new entry.
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_or_404

from ..models import Resolution, StatusReport
from . import queries

ENTRIES = 50


def item_url(report: StatusReport) -> str:
    resolution = report.item.resolution
    key = queries.reference_key(resolution.paper.reference)
    path = reverse("follow:item", args=[resolution.municipality.slug, key, report.item.number])
    return f"{path}#bericht-{report.pk}"


class StatusChanges(Feed):
    """Every followed resolution of a municipality."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Municipality:
        municipality = municipality_or_404(slug)
        if not municipality.public_resolution_control:
            raise Http404
        return municipality

    def title(self, obj: Municipality) -> str:
        return _("What became of …? Resolution control in %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Municipality) -> str:
        return _("New status reports on the resolutions the council passed.")

    def link(self, obj: Municipality) -> str:
        return reverse("follow:list", args=[obj.slug])

    def reports(self, obj: Any) -> Any:
        return queries.public_reports(item__resolution__municipality=obj)

    def items(self, obj: Any) -> list[StatusReport]:
        return list(self.reports(obj)[:ENTRIES])

    def item_title(self, item: StatusReport) -> str:
        return _("%(reference)s, item %(number)s: %(status)s") % {
            "reference": item.item.resolution.paper.reference,
            "number": item.item.number,
            "status": item.get_status_display(),
        }

    def item_description(self, item: StatusReport) -> str:
        parts = [
            _("Status of %(date)s: %(status)s.")
            % {"date": f"{item.date:%d.%m.%Y}", "status": item.get_status_display()}
        ]
        if item.public_note:
            parts.append(item.public_note)
        if item.next_control_date:
            parts.append(
                _("Next control: %(date)s.") % {"date": f"{item.next_control_date:%d.%m.%Y}"}
            )
        # The summary is HTML for feed readers: the note is text, escaped here.
        return "".join(f"<p>{escape(part)}</p>" for part in parts)

    def item_link(self, item: StatusReport) -> str:
        return item_url(item)

    def item_guid(self, item: StatusReport) -> str:
        # A new publication of a changed report is a new entry.
        return f"{item_url(item)}-{item.published_at:%Y%m%d%H%M%S%f}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: StatusReport) -> Any:
        return item.published_at

    def item_updateddate(self, item: StatusReport) -> Any:
        return item.published_at


class ResolutionStatusChanges(StatusChanges):
    """One followed resolution."""

    def get_object(  # type: ignore[override]
        self, request: HttpRequest, slug: str, reference: str
    ) -> Resolution:
        resolution = queries.followed_resolution(municipality_or_404(slug), reference)
        if resolution is None:
            raise Http404
        return resolution

    def title(self, obj: Resolution) -> str:  # type: ignore[override]
        return _("What became of %(reference)s?") % {"reference": obj.paper.reference}

    def subtitle(self, obj: Resolution) -> str:  # type: ignore[override]
        return obj.paper.name

    def link(self, obj: Resolution) -> str:  # type: ignore[override]
        key = queries.reference_key(obj.paper.reference)
        return reverse("follow:resolution", args=[obj.municipality.slug, key])

    def reports(self, obj: Any) -> Any:
        return queries.public_reports(item__resolution=obj)
