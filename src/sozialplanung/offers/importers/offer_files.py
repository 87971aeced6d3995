"""Offers from CSV and XLSX: all or nothing, row-level German errors, duplicates held back.

A row updates an existing offer when it has the same ``Kennung`` (external id), or the
same provider, the same (normalised) name and lies within 50 m of it: re-importing a
file changes nothing. A row that only *resembles* an offer (the duplicate rule in
``duplicates.py``), in the database or earlier in the file, is not imported but listed
in the result for review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from sozialplanung.core.audit import snapshot
from sozialplanung.core.imports import (
    ImportFailed,
    ImportProblem,
    Progress,
    ProgressEvery,
    Row,
    read_table,
)
from sozialplanung.core.imports.results import german_int
from sozialplanung.core.imports.tabular import parse_number
from sozialplanung.core.models import Municipality
from sozialplanung.core.weblinks import web_address_problem
from sozialplanung.offers import actions
from sozialplanung.offers.models import Offer, OfferCategory, Provider, TargetGroup

from . import columns as c
from .duplicates import Place, compare, german_metres, normalise_name
from .hours import parse_opening_hours

if TYPE_CHECKING:
    from sozialplanung.core.audit import ActingUser


@dataclass
class OfferImportResult:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    providers_created: int = 0
    # "Zeile 7 ähnelt „Mittagstisch Nord“ (12 m entfernt)": held back for review.
    duplicates: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{german_int(self.rows)} Zeilen gelesen: {german_int(self.created)} neu, "
            f"{german_int(self.updated)} geändert, {german_int(self.unchanged)} unverändert"
        )
        if self.providers_created:
            text += f"; {german_int(self.providers_created)} Träger neu angelegt"
        if self.duplicates:
            text += f"; {len(self.duplicates)} mögliche Dubletten nicht importiert"
        return text


def import_offers(
    path: Path | str,
    *,
    municipality: Municipality,
    acting_user: ActingUser,
    progress: Progress | None = None,
    filename: str | None = None,
) -> OfferImportResult:
    """Read, check and save the offers of one file; raises ImportFailed on any problem."""
    table = read_table(path, filename=filename)
    table.require_columns(list(c.REQUIRED))
    parser = _RowParser(municipality, table.file, table.header)
    parsed = [parser.parse(row) for row in table.rows]
    if parser.problems:
        raise ImportFailed(parser.problems)
    rows = [p for p in parsed if p is not None]
    result = OfferImportResult(file=table.file, rows=len(rows))
    plan = _plan(municipality, rows, result)
    tick = ProgressEvery(progress, len(plan))
    problems: list[ImportProblem] = []
    with transaction.atomic():
        providers = {
            normalise_name(p.name): p for p in Provider.objects.filter(municipality=municipality)
        }
        for done, (row, existing) in enumerate(plan, start=1):
            try:
                _save(municipality, row, existing, providers, result, acting_user)
            except (ValidationError, PermissionDenied) as exc:
                problems.append(ImportProblem(table.file, row.row, None, _message(exc)))
            tick(done)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ImportFailed(problems)
    return result


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(m) for m in exc.messages)
    return str(exc) or "Keine Berechtigung"


class _RowParser:
    """Turns rows into OfferRow, collecting every problem instead of stopping."""

    def __init__(self, municipality: Municipality, file: str, header: list[str]) -> None:
        self.file, self.header = file, set(header)
        self.problems: list[ImportProblem] = []
        categories = list(OfferCategory.objects.filter(municipality=municipality))
        self.categories = {k.slug.lower(): k for k in categories} | {
            normalise_name(k.name): k for k in categories
        }
        groups = list(TargetGroup.objects.filter(municipality=municipality))
        self.groups = {g.slug.lower(): g for g in groups} | {
            normalise_name(g.name): g for g in groups
        }
        self.category_names = ", ".join(k.slug for k in categories) or "keine angelegt"

    def problem(self, row: Row, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.file, row.number, column, message))

    def has(self, column: str) -> bool:
        return column in self.header

    def parse(self, row: Row) -> c.OfferRow | None:
        before = len(self.problems)
        name, provider = row.text(c.NAME), row.text(c.PROVIDER)
        for column, value in ((c.NAME, name), (c.PROVIDER, provider)):
            if not value:
                self.problem(row, column, "Angabe fehlt")
        category = self._category(row)
        groups = self._groups(row) if self.has(c.TARGET_GROUPS) else None
        lat, lon = self._coordinates(row)
        fields: dict[str, Any] = {}
        for column, key in (
            (c.STREET, "street_address"),
            (c.POSTAL_CODE, "postal_code"),
            (c.LOCALITY, "locality"),
            (c.PHONE, "phone"),
            (c.DESCRIPTION, "description"),
            (c.EXTERNAL_ID, "external_id"),
        ):
            if self.has(column):
                fields[key] = row.text(column)
        for column, key, whole in (
            (c.PLACES, "places_per_session", True),
            (c.SESSIONS, "sessions_per_week", False),
            (c.CAPACITY, "capacity_amount", False),
            (c.VISITS, "visits_per_year", True),
        ):
            if self.has(column):
                fields[key] = self._number(row, column, whole=whole)
        if self.has(c.STATUS):
            status = c.STATUS_WORDS.get(row.text(c.STATUS).lower())
            if status is None:
                self.problem(
                    row,
                    c.STATUS,
                    f"„{row.text(c.STATUS)}“: erlaubt sind aktiv, pausiert, geschlossen",
                )
            fields["status"] = status or "aktiv"
        if self.has(c.EMAIL):
            fields["email"] = self._email(row)
        if self.has(c.WEBSITE):
            fields["website"] = self._website(row)
        if self.has(c.CONFIRMED):
            fields["last_confirmed"] = self._date(row, c.CONFIRMED)
        hours = None
        if self.has(c.HOURS):
            try:
                hours = [
                    (s.weekday, s.opens, s.closes) for s in parse_opening_hours(row.text(c.HOURS))
                ]
            except ValueError as exc:
                self.problem(row, c.HOURS, str(exc))
        if len(self.problems) > before or category is None:
            return None
        return c.OfferRow(
            row=row.number,
            name=name,
            provider=provider,
            category_id=category.pk,
            target_group_ids=[g.pk for g in groups] if groups is not None else None,
            latitude=lat,
            longitude=lon,
            opening_hours=hours,
            fields=fields,
        )

    def _category(self, row: Row) -> OfferCategory | None:
        text = row.text(c.CATEGORY)
        if not text:
            self.problem(row, c.CATEGORY, "Angabe fehlt")
            return None
        found = self.categories.get(text.lower()) or self.categories.get(normalise_name(text))
        if found is None:
            self.problem(
                row, c.CATEGORY, f"„{text}“ ist keine Angebotsart (bekannt: {self.category_names})"
            )
        return found

    def _groups(self, row: Row) -> list[TargetGroup]:
        found = []
        for item in (i.strip() for i in row.text(c.TARGET_GROUPS).split(",")):
            if not item:
                continue
            group = self.groups.get(item.lower()) or self.groups.get(normalise_name(item))
            if group is None:
                self.problem(row, c.TARGET_GROUPS, f"„{item}“ ist keine bekannte Zielgruppe")
            else:
                found.append(group)
        return found

    def _number(self, row: Row, column: str, *, whole: bool) -> Any:
        try:
            value = parse_number(row.cells.get(column))
        except ValueError as exc:
            self.problem(row, column, str(exc))
            return None
        if value is None:
            return None
        if value < 0:
            self.problem(row, column, "darf nicht negativ sein")
            return None
        if whole:
            if not float(value).is_integer():
                self.problem(row, column, f"„{row.text(column)}“ ist keine ganze Zahl")
                return None
            return int(value)
        return c.decimal_or_none(value)

    def _coordinates(self, row: Row) -> tuple[float | None, float | None]:
        values: dict[str, float | None] = {}
        for column, limit in ((c.LATITUDE, 90), (c.LONGITUDE, 180)):
            if not self.has(column):
                values[column] = None
                continue
            try:
                value = parse_number(row.cells.get(column))
            except ValueError as exc:
                self.problem(row, column, str(exc))
                value = None
            if value is not None and not -limit <= value <= limit:
                self.problem(row, column, f"„{row.text(column)}“ liegt außerhalb von ±{limit}°")
                value = None
            values[column] = value
        lat, lon = values[c.LATITUDE], values[c.LONGITUDE]
        if (lat is None) != (lon is None):
            missing = c.LATITUDE if lat is None else c.LONGITUDE
            self.problem(row, missing, "Breiten- und Längengrad nur zusammen angeben")
            return None, None
        return lat, lon

    def _email(self, row: Row) -> str:
        text = row.text(c.EMAIL)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.problem(row, c.EMAIL, f"„{text}“ ist keine E-Mail-Adresse")
        return text

    def _website(self, row: Row) -> str:
        text = row.text(c.WEBSITE)
        if text and not text.lower().startswith(("http://", "https://")):
            text = "https://" + text
        if text and web_address_problem(text):
            self.problem(row, c.WEBSITE, f"„{row.text(c.WEBSITE)}“ ist keine Webadresse")
        return text

    def _date(self, row: Row, column: str) -> dt.date | None:
        value = row.cells.get(column)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = row.text(column)
        if not text:
            return None
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.problem(row, column, f"„{text}“ ist kein Datum der Form TT.MM.JJJJ")
        return None


def _place(row: c.OfferRow) -> Place:
    return Place(row.provider, row.name, row.latitude, row.longitude, row.street, row.postal_code)


def _offer_place(offer: Offer) -> Place:
    return Place(
        offer.provider.name,
        offer.name,
        offer.latitude,
        offer.longitude,
        offer.street_address,
        offer.postal_code,
    )


def _plan(
    municipality: Municipality, rows: list[c.OfferRow], result: OfferImportResult
) -> list[tuple[c.OfferRow, Offer | None]]:
    """Each row with the offer it updates (or None for a new one); duplicates dropped."""
    offers = list(Offer.objects.filter(municipality=municipality).select_related("provider"))
    by_external = {o.external_id: o for o in offers if o.external_id}
    places = [(o, _offer_place(o)) for o in offers]
    plan: list[tuple[c.OfferRow, Offer | None]] = []
    taken: set[int] = set()
    accepted: list[tuple[c.OfferRow, Place]] = []
    for row in rows:
        place = _place(row)
        earlier = next(((r, m) for r, p in accepted if (m := compare(place, p)) is not None), None)
        if earlier is not None:
            first, match = earlier
            result.duplicates.append(
                f"Zeile {row.row} ähnelt „{first.name}“ aus Zeile {first.row} "
                f"({german_metres(match.distance)} entfernt)"
            )
            continue
        external = row.fields.get("external_id")
        existing = by_external.get(str(external)) if external else None
        if existing is None:
            matches = [(o, m) for o, p in places if (m := compare(place, p)) is not None]
            same = [(o, m) for o, m in matches if m.identical and o.pk not in taken]
            if same:
                existing = min(same, key=lambda om: om[1].distance)[0]
            elif matches:
                offer, match = min(matches, key=lambda om: om[1].distance)
                result.duplicates.append(
                    f"Zeile {row.row} ähnelt „{offer.name}“ ({german_metres(match.distance)} entfernt)"
                )
                continue
        if existing is not None:
            taken.add(existing.pk)
        accepted.append((row, place))
        plan.append((row, existing))
    return plan


def _state(offer: Offer) -> tuple[Any, ...]:
    """What an import can change, to count changed and unchanged offers."""
    data = snapshot(offer)
    return (
        data,
        sorted(offer.target_groups.values_list("pk", flat=True)),
        [(h.weekday, h.opens, h.closes) for h in offer.opening_hours.all()],
    )


def _save(
    municipality: Municipality,
    row: c.OfferRow,
    existing: Offer | None,
    providers: dict[str, Provider],
    result: OfferImportResult,
    acting_user: ActingUser,
) -> None:
    key = normalise_name(row.provider)
    provider = providers.get(key)
    if provider is None:
        provider = actions.save_provider(municipality, name=row.provider, acting_user=acting_user)
        providers[key] = provider
        result.providers_created += 1
    before = _state(existing) if existing is not None else None
    offer = actions.save_offer(
        municipality,
        provider=provider,
        name=row.name,
        category=OfferCategory.objects.get(pk=row.category_id),
        offer=existing,
        longitude=row.longitude,
        latitude=row.latitude,
        opening_hours=row.opening_hours,
        target_groups=TargetGroup.objects.filter(pk__in=row.target_group_ids)
        if row.target_group_ids is not None
        else None,
        acting_user=acting_user,
        **row.fields,
    )
    if before is None:
        result.created += 1
    elif _state(Offer.objects.get(pk=offer.pk)) != before:
        result.updated += 1
    else:
        result.unchanged += 1
