"""The change history in words: what a reader sees of ``AuditEntry.before``/``after``.

The trail stores raw values (field names, ids, choice keys, ISO dates) so that it stays
exact; this module says them the way the pages do: the field's verbose name, a choice's
label, the office's or user's name instead of an id, dates and numbers in the reader's
language, an offer's opening hours as "Mo 10–16 Uhr".

Related records are fetched once per model for a whole list of entries
(``describe_trail``), so a history costs the same few queries however long it is.
Values an app adds to the trail besides its fields (``save_audited``'s ``extra_*``) get
their words from a formatter the app registers (``register_value_text``).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import AuditEntry

# (model label, key) -> (label, value -> text), for trail keys that are no model field.
_EXTRA: dict[tuple[str, str], tuple[Any, Callable[[Any], str]]] = {}

EMPTY = "–"


def register_value_text(model_label: str, key: str, label: Any, text: Callable[[Any], str]) -> None:
    """How a non-field key of ``model_label``'s trail is named and its value said."""
    _EXTRA[(model_label, key)] = (label, text)


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class DescribedEntry:
    """An audit entry with its record type and changed fields in words."""

    entry: AuditEntry
    record_type: str
    changes: list[Change]

    def __getattr__(self, name: str) -> Any:
        # Templates keep using the entry's own attributes (timestamp, actor …).
        return getattr(self.entry, name)


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> Any:
    """The model field a trail key stands for (keys are attnames: ``office_id``)."""
    if model is None:
        return None
    for candidate in (key, key.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def field_label(model: type[models.Model] | None, key: str) -> str:
    """The German (or English) name of a trail key; never the raw key if it is known."""
    if model is not None and (model._meta.label, key) in _EXTRA:
        return capfirst(str(_EXTRA[(model._meta.label, key)][0]))
    field = _field(model, key)
    if field is None:
        return key
    if not hasattr(field, "verbose_name"):  # a reverse relation: name its records
        return capfirst(str(field.related_model._meta.verbose_name_plural))
    if field.many_to_one and not isinstance(field.verbose_name, Promise):
        # A foreign key without a translated name of its own: the related record's name.
        return capfirst(str(field.related_model._meta.verbose_name))
    return capfirst(str(field.verbose_name))


def record_type(label: str) -> str:
    """``offers.Offer`` -> "Angebot"."""
    model = _model(label)
    return capfirst(str(model._meta.verbose_name)) if model is not None else label


def _scalar(field: Any, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return formats.date_format(dt.datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(field, models.DecimalField | models.FloatField) and value is not None:
        try:
            return formats.number_format(decimal.Decimal(str(value)), use_l10n=True)
        except decimal.InvalidOperation:
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value)


def _name(record: models.Model) -> str:
    full_name = getattr(record, "get_full_name", None)
    return (full_name() if full_name else "") or str(record)


class _Names:
    """Names of related records, fetched per model in one query for all entries."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, field: Any, value: Any) -> None:
        if field is not None and field.many_to_one and value is not None:
            self.wanted[field.related_model].add(value)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            # select_related(): a record's name may read its required foreign keys (an
            # area's level), which would otherwise cost a query per record.
            found = model._base_manager.select_related().in_bulk(ids)
            self.found[model] = {pk: _name(r) for pk, r in found.items()}

    def text(self, field: Any, value: Any) -> str:
        if field is not None and field.many_to_one and value is not None:
            return self.found.get(field.related_model, {}).get(value, f"#{value}")
        return _scalar(field, value)


def describe_trail(entries: Iterable[AuditEntry]) -> list[DescribedEntry]:
    """Each entry with its changed fields in words; updates list what changed, creations
    and deletions list nothing (the record's name says what was created or deleted)."""
    entries = list(entries)
    names = _Names()
    raw: list[tuple[AuditEntry, type[models.Model] | None, list[tuple[str, Any, Any]]]] = []
    for entry in entries:
        model = _model(entry.model)
        changed = entry.changed_fields() if entry.action == AuditEntry.Action.UPDATE else []
        for key, before, after in changed:
            field = _field(model, key)
            names.want(field, before)
            names.want(field, after)
        raw.append((entry, model, changed))
    names.fetch()
    described = []
    for entry, model, changed in raw:
        changes = []
        for key, before, after in changed:
            extra = _EXTRA.get((model._meta.label, key)) if model is not None else None
            if extra is not None:
                say = extra[1]
                changes.append(Change(field_label(model, key), say(before), say(after)))
                continue
            field = _field(model, key)
            changes.append(
                Change(field_label(model, key), names.text(field, before), names.text(field, after))
            )
        described.append(DescribedEntry(entry, record_type(entry.model), changes))
    return described
