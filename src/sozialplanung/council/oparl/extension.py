"""The extension ``sozialplanung:resolutions``: what OParl has no object for.

A Paper carries its resolutions (Beschlüsse), their numbered items (Beschlusspunkte)
with the responsible office, and each item's status reports (Beschlusskontrolle) as a
history. Only public resolutions, items and reports are included (the querysets in
``queries._resolutions`` read as the public); docs/oparl.md describes the format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sozialplanung.council.models import Paper, StatusReport

if TYPE_CHECKING:
    from .serializers import Context

PREFIX = "sozialplanung:"


def _report(report: StatusReport) -> dict[str, Any]:
    return {
        "date": report.date.isoformat(),
        "status": report.status,
        "statusLabel": str(StatusReport.Status(report.status).label),
        "text": report.narrative,
        "nextControlDate": report.next_control_date.isoformat()
        if report.next_control_date
        else None,
    }


def resolutions(paper: Paper, ctx: Context) -> list[dict[str, Any]]:
    result = []
    for resolution in paper.public_resolutions:
        items = []
        for item in resolution.public_items:
            history = [_report(r) for r in item.public_reports]
            latest = history[-1] if history else None
            items.append(
                {
                    "number": item.number,
                    "text": item.text,
                    "responsibleOffice": item.responsible_office.name
                    if item.responsible_office
                    else None,
                    "status": latest["status"] if latest else None,
                    "nextControlDate": latest["nextControlDate"] if latest else None,
                    "statusHistory": history,
                }
            )
        result.append(
            {
                "date": resolution.date.isoformat(),
                "meeting": ctx.url("meeting", resolution.meeting_id),
                "organization": ctx.url("organization", resolution.body_id),
                "text": resolution.text,
                "votes": {
                    "yes": resolution.votes_yes,
                    "no": resolution.votes_no,
                    "abstain": resolution.votes_abstain,
                },
                "items": items,
            }
        )
    return result
