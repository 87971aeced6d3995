"""Who may change measures and budgets, and the visibility their audit entries get."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser, is_process, person
from sozialplanung.core.visibility import Role, can_edit_planning_data, strictest

from ..models import Measure

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User


def require_planner(acting_user: ActingUser, municipality_id: int) -> None:
    if is_process(acting_user):
        return
    if not can_edit_planning_data(person(acting_user), municipality_id):
        raise PermissionDenied(_("Only the social planning unit may change plans and budgets."))


def can_update_measure(user: User | AnonymousUser | None, measure: Measure) -> bool:
    """Planning unit and admins; Fachamt staff of the measure's responsible office."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not Measure.objects.visible_to(user).filter(pk=measure.pk).exists():
        return False
    if can_edit_planning_data(user, measure.municipality_id):
        return True
    return bool(
        user.role == Role.FACHAMT
        and user.municipality_id == measure.municipality_id
        and user.office_id is not None
        and user.office_id == measure.responsible_office_id
    )


def measure_visibility(measure: Measure) -> str:
    return strictest(measure.visibility, measure.field_of_action.plan.visibility)
