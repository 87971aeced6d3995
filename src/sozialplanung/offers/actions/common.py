"""Who may change offers and providers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser, is_process, person
from sozialplanung.core.visibility import Role, can_edit_planning_data

from ..models import (
    Provider,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User


def _is_admin(user: User | AnonymousUser | None) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def can_edit_all_offers(user: User | AnonymousUser | None, municipality_id: int) -> bool:
    """The planning unit of the municipality and administrators."""
    return can_edit_planning_data(user, municipality_id)


def can_edit_provider(user: User | AnonymousUser | None, provider: Provider) -> bool:
    """Planning unit and admins; a Träger user for a provider it belongs to."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if can_edit_all_offers(user, provider.municipality_id):
        return True
    return bool(
        user.role == Role.TRAEGER
        and provider.pk is not None
        and provider.users.filter(pk=user.pk).exists()
    )


def _require(allowed: bool, acting_user: ActingUser) -> None:
    if is_process(acting_user):
        return  # a trusted process (demo, import, command line) naming itself
    if not allowed:
        raise PermissionDenied(_("You may not change this provider's offers."))


def _require_provider(acting_user: ActingUser, provider: Provider) -> None:
    _require(can_edit_provider(person(acting_user), provider), acting_user)


def _require_planner(acting_user: ActingUser, municipality_id: int) -> None:
    _require(can_edit_all_offers(person(acting_user), municipality_id), acting_user)


# --- Taxonomy ----------------------------------------------------------------------------
