"""Who may change what, and the audited save every offer action uses."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sozialplanung.core.audit import record_change, snapshot
from sozialplanung.core.models import (
    User,
)
from sozialplanung.core.visibility import Role, Visibility, can_edit_planning_data

from ..models import (
    Provider,
)

# Who makes a change: a user, the anonymous visitor, or None for a trusted system path.
Actor = User | AnonymousUser | None


def _is_admin(user: Actor) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def can_edit_all_offers(user: Actor, municipality_id: int) -> bool:
    """The planning unit of the municipality and administrators."""
    return can_edit_planning_data(user, municipality_id)


def can_edit_provider(user: Actor, provider: Provider) -> bool:
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


def _require(allowed: bool, user: Actor, actor: str) -> None:
    if user is None and actor:
        return  # a trusted system path (demo, import, command line) naming itself
    if not allowed:
        raise PermissionDenied(_("You may not change this provider's offers."))


def _require_provider(user: Actor, actor: str, provider: Provider) -> None:
    if user is None and actor:
        return
    _require(can_edit_provider(user, provider), user, actor)


def _require_planner(user: Actor, actor: str, municipality_id: int) -> None:
    if user is None and actor:
        return
    _require(can_edit_all_offers(user, municipality_id), user, actor)


# --- Audit helper ------------------------------------------------------------------------


def _delete_audited(instance: Any, *, user: Actor, actor: str, municipality_id: int) -> None:
    before = snapshot(instance)
    record_change(
        instance,
        before=before,
        after=None,
        user=user,
        actor=actor,
        municipality_id=municipality_id,
        visibility=Visibility.NON_PUBLIC,
    )
    instance.delete()


# --- Taxonomy ----------------------------------------------------------------------------
