"""Working lists of resolution control: an office's own points, sorting and filtering.

The rows are ``overdue.DueItem``s from ``readable_due_items`` (``visible_to``
underneath), so every list agrees with the overdue dashboard, the reminders and the
iCal feeds. ``office_points`` is the list "Meine Beschlusspunkte" of a Fachamt, which the
start page can call as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality, Office
from sozialplanung.core.visibility import Role

from .models import ResolutionItem, StatusReport
from .overdue import DueItem, open_items_of_office, readable_due_items

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User

#: Sort keys by their value in the query string (``sortierung``).
SORTS: dict[str, tuple[Any, Callable[[DueItem], Any]]] = {
    "faellig": (_("due date"), lambda d: (d.due_date, d.reference, d.item.order)),
    "vorlage": (_("reference"), lambda d: (d.reference, d.item.order, d.due_date)),
    "amt": (
        _("office"),
        lambda d: (
            d.item.responsible_office.name if d.item.responsible_office else "~",
            d.due_date,
            d.reference,
        ),
    ),
}
#: Status filter value for items without any report.
NO_REPORT = "ohne-bericht"
OVERDUE_CHOICES = (("ja", _("overdue only")), ("nein", _("not overdue")))


@dataclass(frozen=True)
class ListChoice:
    """Sorting and filters of a working list, read from its query string."""

    sort: str = "faellig"
    office_id: int | None = None
    status: str = ""
    overdue: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ListChoice:
        """Unknown values sort by due date and filter nothing."""
        sort = query.get("sortierung", "")
        status = query.get("stand", "")
        overdue = query.get("ueberfaellig", "")
        office = query.get("amt", "")
        return cls(
            sort=sort if sort in SORTS else "faellig",
            office_id=int(office) if office.isdigit() else None,
            status=status if status in {*StatusReport.Status.values, NO_REPORT} else "",
            overdue=overdue if overdue in dict(OVERDUE_CHOICES) else "",
        )

    def apply(self, rows: list[DueItem], today: dt.date) -> list[DueItem]:
        if self.office_id is not None:
            rows = [d for d in rows if d.item.responsible_office_id == self.office_id]
        if self.status == NO_REPORT:
            rows = [d for d in rows if d.report is None]
        elif self.status:
            rows = [d for d in rows if d.report is not None and d.report.status == self.status]
        if self.overdue:
            rows = [d for d in rows if (d.due_date < today) == (self.overdue == "ja")]
        return sorted(rows, key=SORTS[self.sort][1])


def status_choices() -> list[tuple[str, Any]]:
    return [*StatusReport.Status.choices, (NO_REPORT, _("no report yet"))]


def office_points(
    municipality: Municipality,
    user: User | AnonymousUser | None,
    office: Office | None,
) -> list[DueItem]:
    """The open (unfinished) points of ``office`` the user may read, by due date; every
    office's when ``office`` is None."""
    if office is None:
        return readable_due_items(municipality, user)
    return open_items_of_office(office, user)


def may_report_on(user: User | AnonymousUser | None) -> Callable[[ResolutionItem], bool]:
    """Whether ``user`` may report on a point of a list (the points are readable already):
    the planning unit and admins on every point, a Fachamt on its office's points; the
    same rule as ``actions.can_report_on`` without a query per row."""
    if not (user and user.is_authenticated and user.is_active):
        return lambda item: False
    if user.is_superuser or user.role in (Role.ADMIN, Role.SOZIALPLANUNG):
        admin = user.is_superuser or user.role == Role.ADMIN
        municipality_id = None if admin else user.municipality_id
        return lambda item: municipality_id in (None, item.resolution.municipality_id)
    if user.role == Role.FACHAMT and user.office_id is not None:
        return lambda item: (
            item.responsible_office_id == user.office_id
            and item.resolution.municipality_id == user.municipality_id
        )
    return lambda item: False
