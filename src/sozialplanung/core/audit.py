"""The audit trail: the one audited save and delete every write goes through.

Only actions (and the admin, see ``core.admin``) call this, inside their transaction.

Who acts
--------
Every action takes one keyword-only ``acting_user`` (type ``ActingUser``) and passes it
on to ``save_audited``, ``delete_audited`` or ``record_change``:

* a person: ``request.user`` on a page or in the API, the user an import job was
  started by. The entry names the user (link and login name).
* a process acting without a person passes a ``Process`` naming itself: a command
  without a person (an import or OParl sync from cron) ``core.management.base.CLI_ACTOR``
  ("CLI"), the demo loader ``Process("Demo")``, the tests' fixtures ``Process("Test")``.
  The entry has no user and the process's name in its "by" column, as informative as
  the person's name would be.

A ``Process`` is trusted to write (an operator started it on the server), so the
actions' permission checks let it through (``is_process``); for reading it counts as
nobody (``person`` gives None), so whatever it reads through ``visible_to`` is public.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models.fields.files import FieldFile

from . import computed
from .models import AuditEntry
from .visibility import Visibility, strictest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


@dataclass(frozen=True)
class Process:
    """A process that changes data without a person; ``name`` goes into the trail."""

    name: str

    def __str__(self) -> str:
        return self.name


# Who makes a change: a person (possibly the anonymous visitor, whom the actions'
# permission checks turn away) or a process.
ActingUser: TypeAlias = "User | AnonymousUser | Process"


def is_process(acting_user: ActingUser) -> bool:
    """A process writes without a person's permissions (see the module docstring)."""
    return isinstance(acting_user, Process)


def person(acting_user: ActingUser) -> User | AnonymousUser | None:
    """The person acting, for permission checks and ``visible_to``; None for a process."""
    return None if isinstance(acting_user, Process) else acting_user


def author(acting_user: ActingUser) -> User | None:
    """The logged-in person acting, for "written by" fields; None for a process."""
    found = person(acting_user)
    return found if found is not None and found.is_authenticated else None  # type: ignore[return-value]


# Never in the trail: the password hash is a secret, the last login is not a change.
_NOT_AUDITED = frozenset({"created", "modified", "password", "last_login"})


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a record as JSON-safe data.

    Foreign keys are stored as their id; long texts (geometries) are cut, since the
    trail must say that they changed, not repeat them. Secrets are left out.
    """
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in _NOT_AUDITED:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, FieldFile):
            value = value.name or ""  # the stored path; the content is not for the trail
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            value = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            value = str(value)
        elif isinstance(value, str) and len(value) > 300:
            value = value[:120] + f"… ({len(value)} Zeichen)"
        data[field.attname] = value
    return data


def _by(acting_user: ActingUser) -> tuple[User | None, str]:
    """The entry's user and its "by" text."""
    if isinstance(acting_user, Process):
        return None, acting_user.name
    if acting_user.is_authenticated:
        return acting_user, acting_user.get_username()
    return None, "anonym"


def record_change(
    instance: models.Model,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    acting_user: ActingUser,
    summary: str = "",
    municipality_id: int | None = None,
    visibility: str = Visibility.PUBLIC,
) -> AuditEntry | None:
    """Record one change; returns None when nothing changed (re-imports stay silent).

    Changes to logins are personal data of staff: their entries are confidential
    whatever the caller asks for.
    """
    if before is not None and after is not None and before == after:
        return None
    if before is None:
        action = AuditEntry.Action.CREATE
    elif after is None:
        action = AuditEntry.Action.DELETE
    else:
        action = AuditEntry.Action.UPDATE
    if isinstance(instance, AbstractBaseUser):
        visibility = strictest(visibility, Visibility.CONFIDENTIAL)
    user, by = _by(acting_user)
    if instance._meta.app_label in computed.INPUT_APPS:
        computed.bump(
            municipality_id
            if municipality_id is not None
            else getattr(instance, "municipality_id", None)
        )
    else:
        computed.pages_changed()  # cached public pages show it (core/page_cache.py)
    return AuditEntry.objects.create(
        municipality_id=municipality_id
        if municipality_id is not None
        else getattr(instance, "municipality_id", None),
        user=user,
        actor=by,
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        summary=summary[:500],
        before=before,
        after=after,
        visibility=visibility,
    )


def trail_for(instance: models.Model, user: User | AnonymousUser | None) -> models.QuerySet[Any]:
    """The audit entries of one record that ``user`` may read."""
    return AuditEntry.objects.visible_to(user).filter(
        model=instance._meta.label, object_id=str(instance.pk)
    )


def save_audited(
    instance: models.Model,
    values: dict[str, Any],
    *,
    acting_user: ActingUser,
    visibility: str = Visibility.PUBLIC,
    municipality_id: int | None = None,
    summary: str = "",
    extra_before: dict[str, Any] | None = None,
    extra_after: dict[str, Any] | None = None,
) -> tuple[Any, bool]:
    """Create or update ``instance`` with ``values`` and audit the change.

    The one save every write uses. ``extra_before``/``extra_after`` add what the
    record's own fields don't hold (an offer's opening hours, target groups) to the
    comparison and the trail. Returns the record and whether anything changed; an
    unchanged record is not saved and leaves no entry (re-imports stay silent).
    """
    before = snapshot(instance) if instance.pk else None
    if before is not None and extra_before:
        before |= extra_before
    for key, value in values.items():
        setattr(instance, key, value)
    if before is not None and before == snapshot(instance) | (extra_after or {}):
        return instance, False
    instance.save()
    record_change(
        instance,
        before=before,
        after=snapshot(instance) | (extra_after or {}),
        acting_user=acting_user,
        summary=summary,
        municipality_id=municipality_id,
        visibility=visibility,
    )
    return instance, True


def delete_audited(
    instance: models.Model,
    *,
    acting_user: ActingUser,
    visibility: str = Visibility.PUBLIC,
    municipality_id: int | None = None,
    summary: str = "",
) -> None:
    """Delete ``instance`` and audit it; the entry keeps the record's last values."""
    record_change(
        instance,
        before=snapshot(instance),
        after=None,
        acting_user=acting_user,
        summary=summary,
        municipality_id=municipality_id,
        visibility=visibility,
    )
    instance.delete()
