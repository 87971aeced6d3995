"""The extension ``sozialplanung:resolutions``: what OParl has no object for.

A Paper carries its resolutions (Beschlüsse), their numbered items (Beschlusspunkte)
with the responsible office, and each item's status reports (Beschlusskontrolle) as a
history. Only public resolutions, items and reports are included (the querysets in
``queries._resolutions`` read as the public); docs/oparl.md describes the format.

Each of them is an object of its own with ``id`` and ``type`` (clients such as Meine
Stadt Transparent skip anything without an id); the id answers at
``…/bodies/<kommune>/sozialplanung-resolution/<pk>/`` (and ``-resolution-item``,
``-status-report``), the list of a body's resolutions is ``sozialplanung-resolutions/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sozialplanung.council.models import Paper, Resolution, ResolutionItem, StatusReport

if TYPE_CHECKING:
    from .serializers import Context

PREFIX = "sozialplanung:"
#: kind -> (type, URL segment of one object, URL segment of the list or None)
KINDS = {
    "resolution": ("Resolution", "sozialplanung-resolution", "sozialplanung-resolutions"),
    "resolutionitem": ("ResolutionItem", "sozialplanung-resolution-item", None),
    "statusreport": ("StatusReport", "sozialplanung-status-report", None),
}


def ext_type(kind: str) -> str:
    return PREFIX + KINDS[kind][0]


def ext_url(ctx: Context, kind: str, pk: int) -> str:
    return f"{ctx.body_url}{KINDS[kind][1]}/{pk}/"


def list_url(ctx: Context, kind: str) -> str:
    return f"{ctx.body_url}{KINDS[kind][2]}/"


def _report(report: StatusReport, ctx: Context) -> dict[str, Any]:
    return {
        "id": ext_url(ctx, "statusreport", report.pk),
        "type": ext_type("statusreport"),
        "date": report.date.isoformat(),
        "status": report.status,
        "statusLabel": str(StatusReport.Status(report.status).label),
        "text": report.narrative,
        "nextControlDate": report.next_control_date.isoformat()
        if report.next_control_date
        else None,
    }


def item(record: ResolutionItem, ctx: Context) -> dict[str, Any]:
    history = [_report(r, ctx) for r in record.public_reports]
    latest = history[-1] if history else None
    return {
        "id": ext_url(ctx, "resolutionitem", record.pk),
        "type": ext_type("resolutionitem"),
        "resolution": ext_url(ctx, "resolution", record.resolution_id),
        "number": record.number,
        "text": record.text,
        "responsibleOffice": record.responsible_office.name if record.responsible_office else None,
        "status": latest["status"] if latest else None,
        "nextControlDate": latest["nextControlDate"] if latest else None,
        "statusHistory": history,
    }


def resolution(record: Resolution, ctx: Context) -> dict[str, Any]:
    return {
        "id": ext_url(ctx, "resolution", record.pk),
        "type": ext_type("resolution"),
        "paper": ctx.url("paper", record.paper_id),
        "date": record.date.isoformat(),
        "meeting": ctx.url("meeting", record.meeting_id),
        "organization": ctx.url("organization", record.body_id),
        "text": record.text,
        "votes": {
            "yes": record.votes_yes,
            "no": record.votes_no,
            "abstain": record.votes_abstain,
        },
        "items": [item(i, ctx) for i in record.public_items],
    }


def report(record: StatusReport, ctx: Context) -> dict[str, Any]:
    return {
        **_report(record, ctx),
        "resolutionItem": ext_url(ctx, "resolutionitem", record.item_id),
    }


def resolutions(paper: Paper, ctx: Context) -> list[dict[str, Any]]:
    return [resolution(r, ctx) for r in paper.public_resolutions]


SERIALIZERS = {"resolution": resolution, "resolutionitem": item, "statusreport": report}
