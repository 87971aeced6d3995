"""No lost updates: optimistic concurrency for every edit form and state change.

A form carries, in one hidden field ``version``, the version of the record it was filled
in against (the record's ``modified`` to the microsecond, which every record has through
``TimeStampedModel``: no migration, the same on SQLite and PostgreSQL) together with the
values the form showed. Saving locks the record's row (``lock_unchanged``, inside the
action's transaction, so two saves of the same version cannot both pass) and refuses when
the version is no longer current: ``EditConflict``. The page then shows the form again
with what the user typed, a fresh token and a message naming who changed what meanwhile
(``conflict_message``, comparing the values the old form showed with what the form would
show now). Saving again is then a deliberate decision on the current version.

Callers without a form (a ``Process``: import, demo, command line) pass no version and
are not checked. The Django admin has no such check (see ``docs/architektur.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from .models import User

TOKEN_NAME = "version"
_SALT = "sozialplanung.core.concurrency"
# Long texts are shown shortened; a digest of the whole value still tells a change.
_SHOWN_CHARS = 60

# What a form showed, per key: (label, value in words, digest of the whole value).
Shown = dict[str, tuple[str, str, str]]


class EditConflict(Exception):
    """The record changed after the form was shown; ``record`` is its current state
    (None: the form's record is no longer there to edit)."""

    def __init__(self, record: models.Model | None) -> None:
        super().__init__(f"{record._meta.label} {record.pk} changed meanwhile" if record else "")
        self.record = record


def version_of(record: models.Model | None) -> str:
    """The version of ``record`` as a form carries it; "" for a record not yet saved.

    Model and primary key are part of it, so that one record's token cannot pass for
    another's.
    """
    if record is None or record.pk is None:
        return ""
    modified = record.modified.astimezone(dt.UTC).isoformat()  # type: ignore[attr-defined]
    return f"{record._meta.label}:{record.pk}:{modified}"


def lock_unchanged(record: models.Model, version: str | None) -> models.Model:
    """Lock the row of ``record`` until the transaction ends and return its current state.

    Raises ``EditConflict`` when ``version`` is given and is not the current version.
    Call it inside the transaction that writes the record: the lock makes a second save
    of the same version wait until the first has committed, and then fail the check.
    """
    locked = type(record)._base_manager.select_for_update().get(pk=record.pk)
    require_version(locked, version)
    return locked


def require_version(locked: models.Model | None, version: str | None) -> None:
    """Refuse unless ``locked`` (a row locked by the caller, or None for "no such record
    yet") is at ``version``; None as version: a caller without a form, nothing to check."""
    if version is not None and version != version_of(locked):
        raise EditConflict(locked)


def primary_key_in(version: str) -> str | None:
    """The primary key of the record a version names ("" names none)."""
    parts = version.split(":", 2)
    return parts[1] if len(parts) == 3 else None


def touch(record: models.Model) -> None:
    """A new version of ``record`` whose form shows parts kept in other tables (an offer's
    staffing and funding, an item's status reports): a change there is a change here."""
    type(record)._base_manager.filter(pk=record.pk).update(modified=timezone.now())


# --- the token -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    """What a posted form says about the version it was filled in against."""

    version: str
    shown: Shown


def issue_token(record: models.Model | None, shown: Shown) -> str:
    """The hidden field's value: the version and what the form shows, signed so that a
    changed token is refused like a missing one."""
    return signing.dumps(
        {"v": version_of(record), "s": shown}, salt=_SALT, compress=True, serializer=_Serializer
    )


def read_token(data: Mapping[str, Any]) -> Posted | None:
    """The version a posted form carries; None when the field is missing or tampered with."""
    token = data.get(TOKEN_NAME) or ""
    try:
        payload = signing.loads(token, salt=_SALT, serializer=_Serializer)
    except signing.BadSignature:
        return None
    shown = {key: tuple(entry) for key, entry in payload.get("s", {}).items()}
    return Posted(version=str(payload.get("v", "")), shown=shown)  # type: ignore[arg-type]


class _Serializer:
    def dumps(self, obj: Any) -> bytes:
        return DjangoJSONEncoder(separators=(",", ":")).encode(obj).encode()

    def loads(self, data: bytes) -> Any:
        return signing.JSONSerializer().loads(data)


def posted_version(data: Mapping[str, Any]) -> str:
    """The posted version for the action's check. A missing or broken token counts as
    stale ("?" is no record's version): the form comes back with a fresh one."""
    posted = read_token(data)
    return posted.version if posted is not None else "?"


# --- what a form shows, in words -------------------------------------------------------------


def shown(label: str, words: str, value: Any) -> tuple[str, str, str]:
    """One thing a page shows besides its form fields: label, value in words, value."""
    return (label, words, _digest(value))


def _digest(value: Any) -> str:
    text = DjangoJSONEncoder().encode(_pk(value))
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def _pk(value: Any) -> Any:
    """A value as compared: records by their key (lists of them sorted), every kind of
    empty as None, decimals without trailing zeros, texts with plain line ends; so that
    a form's initial value and the same value typed back compare equal."""
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return None
    if isinstance(value, list | tuple | models.QuerySet):
        return sorted((_pk(v) for v in value), key=str) or None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str):
        return value.strip().replace("\r\n", "\n")
    return value


def in_words(field: forms.Field, value: Any) -> str:
    """A form field's value as the form shows it, for the conflict message."""
    if value is None or value == "" or value == [] or value == ():
        return _("empty")
    if isinstance(field, forms.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, forms.ModelMultipleChoiceField):
        chosen = field.queryset.filter(pk__in=[_pk(v) for v in value])  # type: ignore[attr-defined]
        return ", ".join(field.label_from_instance(obj) for obj in chosen) or _("empty")
    if isinstance(field, forms.ModelChoiceField):
        # Only what the field offers (it reads through visible_to): nothing hidden leaks.
        chosen = field.queryset.filter(pk=_pk(value)).first()  # type: ignore[union-attr]
        return field.label_from_instance(chosen) if chosen is not None else "–"
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): str(v) for k, v in _flat(field.choices)}
        return labels.get(str(value), str(value))
    return plain_words(value)


def plain_words(value: Any) -> str:
    """A value without a form field in words: dates and numbers the German way."""
    if value is None or value == "":
        return _("empty")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dt.time):
        return formats.time_format(value, "H:i")
    if isinstance(value, Decimal | float | int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    text = " ".join(str(value).split())
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 1] + "…"
    return f"„{text}“"


def _flat(choices: Iterable[Any]) -> Iterable[tuple[Any, Any]]:
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat(label)
        else:
            yield key, label


def form_shows(form: forms.BaseForm, *formsets: forms.BaseFormSet) -> Shown:  # type: ignore[type-arg]
    """What ``form`` (and its formsets) show before anyone types: each field's label and
    initial value in words. Formset rows are named by their first choice (a kind of
    staff, a source of money) or their number."""
    shown: Shown = {}
    _add_fields(shown, form, prefix="", row_label="")
    for formset in formsets:
        for number, row in enumerate(formset.forms, start=1):
            if row.prefix and not _row_initial(row):
                continue  # an empty extra row shows nothing
            _add_fields(shown, row, prefix=f"{row.prefix}-", row_label=_row_label(row, number))
    return shown


def _row_initial(row: forms.BaseForm) -> bool:
    return any(v not in (None, "", []) for v in row.initial.values())


def _row_label(row: forms.BaseForm, number: int) -> str:
    for bf in row:
        if isinstance(bf.field, forms.ChoiceField) and bf.initial not in (None, ""):
            return f"{in_words(bf.field, bf.initial)}"
    return str(number)


def _add_fields(shown: Shown, form: forms.BaseForm, *, prefix: str, row_label: str) -> None:
    for bf in form:
        if bf.name in {TOKEN_NAME, "DELETE"} or (bf.is_hidden and row_label):
            continue
        label = f"{row_label}: {bf.label}" if row_label else str(bf.label)
        value = bf.initial
        shown[f"{prefix}{bf.name}"] = (label, in_words(bf.field, value), _digest(value))


def record_shows(record: models.Model, names: Iterable[str]) -> Shown:
    """What a page shows of ``record`` for a state change (release, publish): the named
    model fields with their verbose names, choices by their labels."""
    shown: Shown = {}
    for name in names:
        field = record._meta.get_field(name)
        value = getattr(record, name)
        if getattr(field, "choices", None):
            words = str(getattr(record, f"get_{name}_display")())
        elif isinstance(value, models.Model):
            words = str(value)
        else:
            words = plain_words(value)
        label = str(getattr(field, "verbose_name", name))
        shown[name] = (label[:1].upper() + label[1:], words, _digest(value))
    return shown


# --- the message ---------------------------------------------------------------------------


def changes_in_words(before: Shown, now: Shown) -> list[str]:
    """ "Sichtbarkeit (öffentlich → vertraulich)" for each value that differs."""
    changes = []
    for key, (label, words, digest) in now.items():
        old = before.get(key)
        if old is None or old[2] == digest:
            continue
        changes.append(f"{label} ({old[1]} → {words})")
    return changes


def conflict_message(
    record: models.Model | None,
    posted: Posted | None,
    now: Shown,
    user: User | AnonymousUser | None,
    *,
    consequence: str = "",
    next_step: str = "",
    parts_in: Iterable[type[models.Model]] = (),
) -> str:
    """The German message for a refused save: who changed the record when, and what.

    ``consequence`` and ``next_step`` default to those of a form ("Ihre Eingaben sind
    noch nicht gespeichert", "speichern Sie erneut"); a state change names its own.
    ``parts_in``: the models of parts kept in other tables (see ``touch``), whose trail
    names who made such a change.
    """
    parts = [_changed_by(record, user, parts_in)]
    parts.append(consequence or _("Your entries are not saved yet."))
    changes = changes_in_words(posted.shown, now) if posted is not None else []
    if changes:
        parts.append(_("Changed were: %(changes)s.") % {"changes": "; ".join(changes)})
    parts.append(next_step or _("Please check your entries and save again."))
    return " ".join(parts)


def _changed_by(
    record: models.Model | None,
    user: User | AnonymousUser | None,
    parts_in: Iterable[type[models.Model]],
) -> str:
    if record is None:
        return _("This record was changed meanwhile.")
    modified = record.modified  # type: ignore[attr-defined]
    when = formats.date_format(timezone.localtime(modified), "SHORT_DATETIME_FORMAT")
    # Who: the newest trail entry the reader may see (its visibility holds here as on
    # the record's page) of the change that made this version: of the record itself,
    # or of a part written just before the record was touched.
    window = Q(timestamp__gte=modified - dt.timedelta(seconds=1))
    of_record = Q(model=record._meta.label, object_id=str(record.pk))
    of_parts = Q(model__in=[m._meta.label for m in parts_in], timestamp__lte=modified)
    entry = (
        AuditEntry.objects.visible_to(user)
        .filter(window & (of_record | of_parts))
        .order_by("-timestamp", "-id")
        .first()
    )
    if entry is not None:
        return _("This record was changed meanwhile by %(who)s on %(when)s.") % {
            "who": entry.actor,
            "when": when,
        }
    return _("This record was changed meanwhile on %(when)s.") % {"when": when}


# --- the view's part -------------------------------------------------------------------------


def token_to_show(
    request: HttpRequest,
    record: models.Model | None,
    form: forms.BaseForm,
    *formsets: forms.BaseFormSet,  # type: ignore[type-arg]
    extra: Shown | None = None,
) -> str:
    """The token a form page renders: while the user corrects a form the one it was sent
    with (the version they started from), otherwise a fresh one. ``extra``: what else
    the page shows of the record (a letter's state, an item's latest report)."""
    if request.method == "POST" and request.POST.get(TOKEN_NAME):
        return str(request.POST[TOKEN_NAME])
    return issue_token(record, form_shows(form, *formsets) | (extra or {}))


_CONFLICTED = object()


def refuse(
    request: HttpRequest,
    conflict: EditConflict,
    form: forms.BaseForm,
    *formsets: forms.BaseFormSet,  # type: ignore[type-arg]
    extra: Shown | None = None,
    record: Any = _CONFLICTED,
    parts_in: Iterable[type[models.Model]] = (),
) -> str:
    """Prepare a refused form to be shown again; returns its fresh token.

    ``form`` (and ``formsets``) must be built on the current record and bound to what
    the user posted: the user's entries stay, the message compares what the old form
    showed with what this one shows, and saving again saves on the current version.
    ``record``: what the form edits now, where that is not the record that changed
    (a letter draft that was released meanwhile: a new draft comes next). ``parts_in``
    as for ``conflict_message``.
    """
    posted = read_token(request.POST)
    if posted is not None:
        _take_over_untouched(posted, form, *formsets)
    now = form_shows(form, *formsets) | (extra or {})
    form.is_valid()
    form.add_error(
        None,
        conflict_message(conflict.record, posted, now, request.user, parts_in=parts_in),
    )
    return issue_token(conflict.record if record is _CONFLICTED else record, now)


def _take_over_untouched(
    posted: Posted,
    form: forms.BaseForm,
    *formsets: forms.BaseFormSet,  # type: ignore[type-arg]
) -> None:
    """Fields the user left as their form showed them take the current value; what the
    user changed stays. Saving again then keeps the other person's changes (a
    confidential measure stays confidential) unless the user changed the same field."""
    data = form.data.copy()  # type: ignore[attr-defined]
    for one in (form, *(row for formset in formsets for row in formset.forms)):
        one.is_valid()
        prefix = f"{one.prefix}-" if one.prefix else ""
        for bf in one:
            seen = posted.shown.get(f"{prefix}{bf.name}")
            cleaned = getattr(one, "cleaned_data", {})
            if seen is None or bf.name not in cleaned or _digest(cleaned[bf.name]) != seen[2]:
                continue  # not shown, not valid, or changed by the user: as typed
            key = one.add_prefix(bf.name)
            data.setlist(key, _as_data(bf.field, bf.initial))
            if isinstance(bf.field, forms.BooleanField) and not bf.initial:
                del data[key]  # an unticked box is not sent
    _rebind(form, data)
    for formset in formsets:
        formset.data = data
        formset._errors = None
        formset._non_form_errors = None
        formset.__dict__.pop("forms", None)


def _rebind(form: forms.BaseForm, data: Any) -> None:
    form.data = data
    form._errors = None  # type: ignore[assignment]
    form._bound_fields_cache = {}
    form.__dict__.pop("changed_data", None)


def _as_data(field: forms.Field, value: Any) -> list[str]:
    """A value as the browser would post it for ``field``."""
    if isinstance(field, forms.BooleanField):
        return ["on"]
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return [str(_pk(v)) for v in value or []]
    if isinstance(field, forms.ModelChoiceField):
        return [str(_pk(value) or "")]
    shown_value = field.widget.format_value(field.prepare_value(value))
    if isinstance(shown_value, list):  # a select's value is a list of one
        return [str(v) for v in shown_value]
    return [str(shown_value) if shown_value is not None else ""]
