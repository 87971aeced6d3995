"""Writing the audit trail. Only actions call this, inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry
from .visibility import Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a record as JSON-safe data.

    Foreign keys are stored as their id; long texts (geometries) are cut, since the
    trail must say that they changed, not repeat them.
    """
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created", "modified"}:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, FieldFile):
            value = value.name or ""  # the stored path; the content is not for the trail
        elif isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            value = str(value)
        elif isinstance(value, str) and len(value) > 300:
            value = value[:120] + f"… ({len(value)} Zeichen)"
        data[field.attname] = value
    return data


def record_change(
    instance: models.Model,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    user: User | AnonymousUser | None,
    actor: str = "",
    summary: str = "",
    municipality_id: int | None = None,
    visibility: str = Visibility.PUBLIC,
) -> AuditEntry | None:
    """Record one change; returns None when nothing changed (re-imports stay silent)."""
    if before is not None and after is not None and before == after:
        return None
    if before is None:
        action = AuditEntry.Action.CREATE
    elif after is None:
        action = AuditEntry.Action.DELETE
    else:
        action = AuditEntry.Action.UPDATE
    real_user = user if (user is not None and user.is_authenticated) else None
    return AuditEntry.objects.create(
        municipality_id=municipality_id
        if municipality_id is not None
        else getattr(instance, "municipality_id", None),
        user=real_user,
        actor=actor or (real_user.get_username() if real_user else "System"),
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
    user: User | AnonymousUser | None,
    actor: str = "",
    visibility: str = Visibility.PUBLIC,
    municipality_id: int | None = None,
    summary: str = "",
    extra_before: dict[str, Any] | None = None,
    extra_after: dict[str, Any] | None = None,
) -> tuple[Any, bool]:
    """Create or update ``instance`` with ``values`` and audit the change.

    The save every app's actions use. ``extra_before``/``extra_after`` add what the
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
        user=user,
        actor=actor,
        summary=summary,
        municipality_id=municipality_id,
        visibility=visibility,
    )
    return instance, True
