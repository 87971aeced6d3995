"""HSDS 3.0 (JSON) into providers and offers: upsert by HSDS id, all or nothing.

Reads a file or a folder of ``*.json`` into one graph of objects joined by id
(``graph.py``), then plans every offer before saving any. Every (service, location) pair
becomes one offer; a service without a location one offer without a place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from sozialplanung.core.formats.numbers import cents, parse_decimal
from sozialplanung.core.imports import ImportFailed, ImportProblem
from sozialplanung.core.models import Municipality
from sozialplanung.core.weblinks import web_address_problem
from sozialplanung.offers import actions
from sozialplanung.offers.importers.offer_files import _state
from sozialplanung.offers.models import Offer, Provider, Staffing

from .export import DAY_CODES
from .graph import Graph, read_graph
from .ids import join_offer_external_id, stable_id
from .taxonomy import TermResolver

if TYPE_CHECKING:
    from sozialplanung.core.audit import ActingUser

STATUS_FROM_HSDS = {
    "active": Offer.Status.ACTIVE,
    "temporarily closed": Offer.Status.PAUSED,
    "inactive": Offer.Status.PAUSED,
    "defunct": Offer.Status.CLOSED,
}


@dataclass
class HsdsImportResult:
    files: list[str] = field(default_factory=list)
    providers_created: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{len(self.files)} Dateien gelesen: Angebote {self.created} neu, "
            f"{self.updated} geändert, {self.unchanged} unverändert; "
            f"{self.providers_created} Träger neu"
        )
        if self.notes:
            text += f"; {len(self.notes)} Hinweise"
        return text


def _time(text: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(text)[:8]) if text else None
    except ValueError:
        return None


def _hours(
    schedules: list[dict[str, Any]], notes: list[str], label: str
) -> list[tuple[int, dt.time, dt.time]]:
    hours = []
    for schedule in schedules:
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        days = [
            d.strip().upper()[-2:] for d in str(schedule.get("byday") or "").split(",") if d.strip()
        ]
        if schedule.get("freq", "WEEKLY") != "WEEKLY" or not days or not opens or not closes:
            notes.append(
                f"{label}: Zeitplan {schedule.get('id')} ist nicht wöchentlich, übernommen nur wöchentliche Zeiten"
            )
            continue
        for day in days:
            if day in DAY_CODES and closes > opens:
                hours.append((DAY_CODES.index(day), opens, closes))
    return sorted(set(hours))


def _first_phone(*holders: dict[str, Any] | None) -> str:
    for holder in holders:
        for phone in (holder or {}).get("phones") or []:
            if phone.get("number"):
                return str(phone["number"])[:50]
    return ""


def _address(location: dict[str, Any] | None) -> dict[str, Any]:
    addresses = (location or {}).get("addresses") or []
    if not addresses:
        return {}
    chosen = next((a for a in addresses if a.get("address_type") == "physical"), addresses[0])
    street = ", ".join(str(chosen[k]) for k in ("address_1", "address_2") if chosen.get(k))
    return {
        "street_address": street[:300],
        "postal_code": str(chosen.get("postal_code") or "")[:10],
        "locality": str(chosen.get("city") or "")[:200],
    }


def _decimal(value: Any) -> Decimal | None:
    try:
        number = parse_decimal(str(value), machine_written=True)
    except ValueError:
        return None
    return None if number is None else cents(number)


@dataclass
class _Planned:
    file: str
    service_id: str
    organization: dict[str, Any]
    name: str
    terms: list[dict[str, Any]]
    latitude: float | None
    longitude: float | None
    hours: list[tuple[int, dt.time, dt.time]]
    fields: dict[str, Any]
    staffing: list[dict[str, Any]]


def _plan(graph: Graph, result: HsdsImportResult) -> tuple[list[_Planned], list[ImportProblem]]:
    problems: list[ImportProblem] = []
    planned: list[_Planned] = []
    checked_organizations: set[int] = set()
    sals_by_service: dict[str, list[dict[str, Any]]] = {}
    for sal in graph.sals.values():
        sals_by_service.setdefault(str(sal.get("service_id")), []).append(sal)
    for service_id, service in graph.services.items():
        file = graph.origin[service_id]
        label = f"Angebot „{service.get('name', service_id)}“"

        def problem(column: str, message: str, file: str = file, label: str = label) -> None:
            problems.append(ImportProblem(file, None, column, f"{label}: {message}"))

        if not service.get("name"):
            problem("name", "Name fehlt")
            continue
        org = graph.organizations.get(str(service.get("organization_id")))
        if org is None or not org.get("name"):
            problem("organization_id", "Träger (organization) fehlt")
            continue
        status = STATUS_FROM_HSDS.get(str(service.get("status", "active")))
        if status is None:
            problem("status", f"Status „{service.get('status')}“ unbekannt")
            continue
        for key in ("email",):
            if service.get(key):
                try:
                    validate_email(service[key])
                except ValidationError:
                    problem(key, f"„{service[key]}“ ist keine E-Mail-Adresse")
        if service.get("url") and (url_problem := web_address_problem(str(service["url"]))):
            problem("url", url_problem)
        org_website = str(org.get("website") or "")
        if org_website and id(org) not in checked_organizations:
            # Several services share an organisation: its problem is reported once.
            checked_organizations.add(id(org))
            if org_problem := web_address_problem(org_website):
                problem("website", org_problem, label=f"Träger „{org['name']}“")
        terms = []
        for attribute in service.get("attributes") or []:
            term = attribute.get("taxonomy_term") or graph.terms.get(
                str(attribute.get("taxonomy_term_id"))
            )
            if isinstance(term, dict):
                terms.append(term)
        confirmed = None
        if service.get("assured_date"):
            try:
                confirmed = dt.date.fromisoformat(str(service["assured_date"])[:10])
            except ValueError:
                problem("assured_date", f"„{service['assured_date']}“ ist kein Datum")
        capacity = service.get("x_sozialplanung_capacity") or {}
        base_fields: dict[str, Any] = {
            "description": str(service.get("description") or ""),
            "website": str(service.get("url") or ""),
            "email": str(service.get("email") or ""),
            "status": status,
            "languages": ", ".join(
                str(lang.get("name") or lang.get("code")) for lang in service.get("languages") or []
            )[:300],
            "last_confirmed": confirmed,
        }
        if capacity:
            base_fields |= {
                "places_per_session": capacity.get("places_per_session"),
                "sessions_per_week": _decimal(capacity.get("sessions_per_week")),
                "capacity_amount": _decimal(capacity.get("capacity_amount")),
                "visits_per_year": capacity.get("visits_per_year"),
            }
        pairs = sals_by_service.get(service_id) or [None]
        for sal in pairs:
            location = graph.locations.get(str(sal.get("location_id"))) if sal else None
            lat, lon = (location or {}).get("latitude"), (location or {}).get("longitude")
            if (
                lat is not None
                and lon is not None
                and not (-90 <= lat <= 90 and -180 <= lon <= 180)
            ):
                result.notes.append(
                    f"{label}: Koordinaten ({lat}, {lon}) liegen außerhalb von WGS84, nicht übernommen"
                )
                lat = lon = None
            if (lat is None) != (lon is None):
                lat = lon = None
            schedules = (
                (sal or {}).get("schedules")
                or service.get("schedules")
                or (location or {}).get("schedules")
                or []
            )
            fields = base_fields | _address(location)
            fields["phone"] = _first_phone(sal, service, location)
            fields["accessibility"] = "; ".join(
                str(a.get("description") or a.get("details") or "")
                for a in (location or {}).get("accessibility") or []
            )[:500]
            fields["external_id"] = join_offer_external_id(
                service_id,
                location.get("id") if location else None,
                sal.get("id") if sal and location else None,
            )
            planned.append(
                _Planned(
                    file=file,
                    service_id=service_id,
                    organization=org,
                    name=str(service["name"])[:300],
                    terms=terms,
                    latitude=float(lat) if lat is not None else None,
                    longitude=float(lon) if lon is not None else None,
                    hours=_hours(schedules, result.notes, label),
                    fields=fields,
                    staffing=service.get("x_sozialplanung_staffing") or [],
                )
            )
    return planned, problems


@dataclass
class _OwnIds:
    """The HSDS ids our export gives this municipality's records, to recognise them.

    A record that never came from HSDS has no external id; the export derives its ids
    from the record's key (``ids.stable_id``). Without this, importing our own export
    into the same municipality would create every provider and offer a second time.
    """

    providers: dict[str, int]
    offers: dict[str, int]

    @classmethod
    def of(cls, municipality: Municipality) -> _OwnIds:
        def ids(kind: str, pks: Any) -> dict[str, int]:
            return {stable_id(municipality.slug, kind, pk): pk for pk in pks}

        by_municipality = {"municipality": municipality}
        return cls(
            providers=ids(
                "organization",
                Provider.objects.filter(**by_municipality).values_list("pk", flat=True),
            ),
            offers=ids(
                "service", Offer.objects.filter(**by_municipality).values_list("pk", flat=True)
            ),
        )


def _provider(
    municipality: Municipality,
    org: dict[str, Any],
    result: HsdsImportResult,
    own: _OwnIds,
    acting_user: ActingUser,
) -> Provider:
    org_id = str(org["id"])
    providers = Provider.objects.filter(municipality=municipality)
    existing = (
        providers.filter(external_id=org_id).first()
        or providers.filter(pk=own.providers.get(org_id)).first()
        or providers.filter(name=org["name"]).first()
    )
    if existing is None:
        result.providers_created += 1
    # Our own record keeps the external id it has (none, mostly): the id it came back
    # with is only the one our export derived from its key.
    if existing is not None and own.providers.get(org_id) == existing.pk:
        org_id = existing.external_id
    email = str(org.get("email") or "")
    website = str(org.get("website") or "")
    try:
        if email:
            validate_email(email)
    except ValidationError:
        email = ""
    return actions.save_provider(
        municipality,
        name=str(org["name"])[:300],
        provider=existing,
        acting_user=acting_user,
        description=str(org.get("description") or ""),
        email=email,
        website=website[:200],
        phone=_first_phone(org),
        external_id=org_id,
    )


def import_hsds(
    path: Path | str, *, municipality: Municipality, acting_user: ActingUser
) -> HsdsImportResult:
    """Import HSDS JSON; upsert providers and offers by their HSDS ids."""
    graph, names = read_graph(path)
    result = HsdsImportResult(files=names)
    planned, problems = _plan(graph, result)
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        terms = TermResolver(municipality, acting_user)
        providers: dict[str, Provider] = {}
        own = _OwnIds.of(municipality)
        for item in planned:
            try:
                _save(municipality, item, terms, providers, own, result, acting_user)
            except (ValidationError, PermissionDenied) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                problems.append(ImportProblem(item.file, None, None, f"„{item.name}“: {message}"))
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ImportFailed(problems)
    return result


def _save(
    municipality: Municipality,
    item: _Planned,
    terms: TermResolver,
    providers: dict[str, Provider],
    own: _OwnIds,
    result: HsdsImportResult,
    acting_user: ActingUser,
) -> None:
    org_id = str(item.organization["id"])
    if org_id not in providers:
        providers[org_id] = _provider(municipality, item.organization, result, own, acting_user)
    category, note = terms.category(item.terms)
    if note and note not in result.notes:
        result.notes.append(note)
    offers = Offer.objects.filter(municipality=municipality)
    fields = item.fields
    existing = offers.filter(external_id=fields["external_id"]).first()
    if existing is None:
        existing = offers.filter(pk=own.offers.get(item.service_id)).first()
        if existing is not None:  # our own offer; see _OwnIds
            fields = fields | {"external_id": existing.external_id}
    before = _state(existing) if existing is not None else None
    offer = actions.save_offer(
        municipality,
        provider=providers[org_id],
        name=item.name,
        category=category,
        offer=existing,
        latitude=item.latitude,
        longitude=item.longitude,
        opening_hours=item.hours,
        target_groups=terms.target_groups(item.terms),
        acting_user=acting_user,
        **fields,
    )
    by_year: dict[int, list[tuple[str, Any, Any]]] = {}
    for row in item.staffing:
        if row.get("kind") in Staffing.Kind.values and row.get("year"):
            by_year.setdefault(int(row["year"]), []).append(
                (row["kind"], row.get("head_count") or 0, row.get("weekly_hours") or 0)
            )
    for year, rows in by_year.items():
        actions.set_staffing(offer, year, rows, acting_user=acting_user)
    if before is None:
        result.created += 1
    elif _state(Offer.objects.get(pk=offer.pk)) != before:
        result.updated += 1
    else:
        result.unchanged += 1
