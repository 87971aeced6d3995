"""Roles and visibility: the one place that decides who may read what.

Every read path (pages, API, OParl, search, exports, reports) gets its records through
``VisibleQuerySet.visible_to(user)``. Views never filter on visibility themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


class Visibility(models.TextChoices):
    """How far a council item, document or data set may travel."""

    PUBLIC = "oeffentlich", _("public")
    NON_PUBLIC = "nicht_oeffentlich", _("non-public")
    CONFIDENTIAL = "vertraulich", _("confidential")


class Role(models.TextChoices):
    """The roles of DOMAIN.md. The public (Öffentlichkeit) is the anonymous visitor."""

    SOZIALPLANUNG = "sozialplanung", _("Social planning")
    FACHAMT = "fachamt", _("Specialist office")
    TRAEGER = "traeger", _("Provider")
    STADTRAT = "stadtrat", _("Council member")
    ADMIN = "admin", _("Administrator")


PUBLIC_ROLE_LABEL = _("Public (without login)")

_RANK = {Visibility.PUBLIC: 0, Visibility.NON_PUBLIC: 1, Visibility.CONFIDENTIAL: 2}


def strictest(*visibilities: str) -> str:
    """The most restrictive of several visibilities (a child is as secret as its parents).

    An unknown value counts as confidential: when in doubt, show less.
    """
    return max(visibilities, key=lambda v: _RANK.get(v, 2), default=Visibility.PUBLIC)


# What each role may read inside its own municipality. Outside it, every role sees
# public records only; administrators see everything everywhere.
CLEARANCE: dict[str, frozenset[str]] = {
    Role.TRAEGER: frozenset({Visibility.PUBLIC}),
    Role.FACHAMT: frozenset({Visibility.PUBLIC, Visibility.NON_PUBLIC}),
    Role.STADTRAT: frozenset(Visibility.values),
    Role.SOZIALPLANUNG: frozenset(Visibility.values),
    Role.ADMIN: frozenset(Visibility.values),
}


def is_internal(user: User | AnonymousUser | None) -> bool:
    """Logged-in staff of the planning unit or an office, council, or admin."""
    return bool(user and user.is_authenticated and getattr(user, "role", None) != Role.TRAEGER)


def can_edit_planning_data(user: User | AnonymousUser | None, municipality_id: int) -> bool:
    """Areas, indicators and imports are the planning unit's (and admins') to change."""
    if not (user and user.is_authenticated):
        return False
    role = getattr(user, "role", None)
    if role == Role.ADMIN or user.is_superuser:
        return True
    return role == Role.SOZIALPLANUNG and getattr(user, "municipality_id", None) == municipality_id


class VisibleQuerySet(models.QuerySet[Any]):
    """A queryset that knows where its records keep visibility and municipality.

    Subclass and set ``visibility_field`` / ``municipality_field`` to the lookups that
    lead there (e.g. ``"indicator__visibility"`` for indicator values). A record whose
    readability also depends on its parents (a resolution item of a confidential paper)
    names every such lookup in ``visibility_fields``: the reader must be cleared for all.
    """

    visibility_field = "visibility"
    visibility_fields: tuple[str, ...] = ()
    municipality_field = "municipality"

    def _visibility_lookups(self) -> tuple[str, ...]:
        return self.visibility_fields or (self.visibility_field,)

    def visible_to(self, user: User | AnonymousUser | None) -> VisibleQuerySet:
        lookups = self._visibility_lookups()
        public = models.Q(**{lookup: Visibility.PUBLIC for lookup in lookups})
        if not (user and user.is_authenticated and user.is_active):
            return self.filter(public)
        role = getattr(user, "role", None)
        if role == Role.ADMIN or user.is_superuser:
            return self.all()
        allowed = sorted(CLEARANCE.get(role or "", frozenset({Visibility.PUBLIC})))
        own = models.Q(
            **{self.municipality_field: getattr(user, "municipality_id", None)},
            **{f"{lookup}__in": allowed for lookup in lookups},
        )
        return self.filter(public | own)


class PublishableQuerySet(VisibleQuerySet):
    """Records the administration writes for itself first: internal until published.

    A status report a Fachamt saves is a draft of the administration until the planning
    unit publishes it. Before that, whatever its visibility, only the administration of
    its municipality reads it: the planning unit, admins, and Fachamt staff of the
    offices named by ``office_fields`` (the office that wrote it, the office responsible).
    Council members, providers and the public read it once it is published, and then as
    its visibility allows. Subclasses say what "published" means (``published``).
    """

    published_field = "published_at"
    office_fields: tuple[str, ...] = ()

    def published(self) -> models.Q:
        return models.Q(**{f"{self.published_field}__isnull": False})

    def visible_to(self, user: User | AnonymousUser | None) -> VisibleQuerySet:
        readable = super().visible_to(user)
        if not (user and user.is_authenticated and user.is_active):
            return readable.filter(self.published())
        role = getattr(user, "role", None)
        if role == Role.ADMIN or user.is_superuser:
            return readable
        own = models.Q(**{self.municipality_field: getattr(user, "municipality_id", None)})
        office_id = getattr(user, "office_id", None)
        if role == Role.SOZIALPLANUNG:
            return readable.filter(self.published() | own)
        if role == Role.FACHAMT and office_id is not None and self.office_fields:
            offices = models.Q()
            for lookup in self.office_fields:
                offices |= models.Q(**{lookup: office_id})
            return readable.filter(self.published() | (own & offices))
        return readable.filter(self.published())
