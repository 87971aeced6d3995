"""HSDS 3.0 objects from the offer inventory.

One provider is one ``organization``; one offer is one ``service`` and, when it has a
place (coordinates or an address), one ``location`` and one ``service_at_location``
with its opening hours as weekly ``schedule``\\ s. Categories and target groups are
``taxonomy_term``\\ s linked by ``attribute``\\ s. Public data only; with
``internal=True`` the documented extension adds capacity and staffing
(``x_sozialplanung_capacity``, ``x_sozialplanung_staffing``; see docs/hsds.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sozialplanung.core.models import Municipality
from sozialplanung.offers.models import Offer, OfferCategory, Provider, Staffing, TargetGroup

from .ids import as_uuid, split_offer_external_id, stable_id

CATEGORY_TAXONOMY = "sozialplanung-angebotsarten"
TARGET_GROUP_TAXONOMY = "sozialplanung-zielgruppen"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STATUS_TO_HSDS = {
    Offer.Status.ACTIVE: "active",
    Offer.Status.PAUSED: "temporarily closed",
    Offer.Status.CLOSED: "defunct",
}
# The Land from the first two digits of the official municipality key (AGS).
STATES = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}


@dataclass
class HsdsData:
    """Every object of one export, as JSON-ready dicts (nested API form)."""

    organizations: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    locations: list[dict[str, Any]] = field(default_factory=list)
    service_at_locations: list[dict[str, Any]] = field(default_factory=list)
    taxonomies: list[dict[str, Any]] = field(default_factory=list)
    taxonomy_terms: list[dict[str, Any]] = field(default_factory=list)
    internal: bool = False


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional values: "" is not a valid e-mail or URI."""
    return {k: v for k, v in obj.items() if v not in ("", None, [])}


def _number(value: Decimal | float | int | None) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


class _Builder:
    def __init__(self, municipality: Municipality, internal: bool) -> None:
        self.m = municipality
        self.slug = municipality.slug
        self.internal = internal
        self.state = STATES.get(municipality.ags[:2], "")
        self.services: dict[str, dict[str, Any]] = {}

    def id(self, kind: str, key: object) -> str:
        return stable_id(self.slug, kind, key)

    def organization_id(self, provider: Provider) -> str:
        return as_uuid(provider.external_id) or self.id("organization", provider.pk)

    def taxonomy(self, name: str, description: str) -> dict[str, Any]:
        return {"id": self.id("taxonomy", name), "name": name, "description": description}

    def category_term(self, category: OfferCategory) -> dict[str, Any]:
        term = {
            "id": self.id("category", category.slug),
            "code": category.slug,
            "name": category.name,
            "description": category.description or category.name,
            "taxonomy": CATEGORY_TAXONOMY,
            "taxonomy_id": self.id("taxonomy", CATEGORY_TAXONOMY),
            "language": "de",
        }
        if category.parent_id:
            term["parent_id"] = self.id("category", category.parent.slug)
        return term

    def group_term(self, group: TargetGroup) -> dict[str, Any]:
        return {
            "id": self.id("target-group", group.slug),
            "code": group.slug,
            "name": group.name,
            "description": group.description or group.name,
            "taxonomy": TARGET_GROUP_TAXONOMY,
            "taxonomy_id": self.id("taxonomy", TARGET_GROUP_TAXONOMY),
            "language": "de",
        }

    def organization(self, provider: Provider) -> dict[str, Any]:
        org_id = self.organization_id(provider)
        phones = []
        if provider.phone:
            phones.append(
                {
                    "id": self.id("organization-phone", provider.pk),
                    "organization_id": org_id,
                    "number": provider.phone,
                }
            )
        return _compact(
            {
                "id": org_id,
                "name": provider.name,
                "description": provider.description,
                "email": provider.email,
                "website": provider.website,
                "phones": phones,
            }
        ) | {"description": provider.description}

    def offer_ids(self, offer: Offer) -> tuple[str, str, str]:
        service, location, sal = split_offer_external_id(offer.external_id)
        return (
            service or self.id("service", offer.pk),
            location or self.id("location", offer.pk),
            sal or self.id("service-at-location", offer.pk),
        )

    def schedules(self, offer: Offer, links: dict[str, str]) -> list[dict[str, Any]]:
        by_times: dict[tuple[dt.time, dt.time], list[int]] = defaultdict(list)
        for hours in offer.opening_hours.all():
            by_times[(hours.opens, hours.closes)].append(hours.weekday)
        result = []
        for (opens, closes), days in sorted(by_times.items(), key=lambda kv: (min(kv[1]), kv[0])):
            key = f"{offer.pk}:{opens:%H%M}-{closes:%H%M}"
            result.append(
                {
                    "id": self.id("schedule", key),
                    **links,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": ",".join(DAY_CODES[d] for d in sorted(set(days))),
                    "opens_at": f"{opens:%H:%M:%S}",
                    "closes_at": f"{closes:%H:%M:%S}",
                }
            )
        return result

    def has_place(self, offer: Offer) -> bool:
        return offer.latitude is not None or bool(
            offer.street_address or offer.postal_code or offer.locality
        )

    def location(self, offer: Offer, location_id: str, org_id: str) -> dict[str, Any]:
        addresses = []
        if offer.street_address or offer.postal_code or offer.locality:
            addresses.append(
                {
                    "id": self.id("address", offer.pk),
                    "location_id": location_id,
                    "address_1": offer.street_address,
                    "city": offer.locality,
                    "state_province": self.state,
                    "postal_code": offer.postal_code,
                    "country": "DE",
                    "address_type": "physical",
                }
            )
        accessibility = []
        if offer.accessibility:
            accessibility.append(
                {
                    "id": self.id("accessibility", offer.pk),
                    "location_id": location_id,
                    "description": offer.accessibility,
                }
            )
        return _compact(
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": offer.name,
                "latitude": offer.latitude,
                "longitude": offer.longitude,
                "addresses": addresses,
                "accessibility": accessibility,
            }
        )

    def languages(self, offer: Offer, service_id: str) -> list[dict[str, Any]]:
        names = [n.strip() for n in offer.languages.split(",") if n.strip()]
        return [
            {"id": self.id("language", f"{offer.pk}:{n}"), "service_id": service_id, "name": n}
            for n in names
        ]

    def attributes(self, offer: Offer, service_id: str) -> list[dict[str, Any]]:
        terms = [self.category_term(offer.category)]
        terms += [self.group_term(g) for g in offer.target_groups.all()]
        return [
            {
                "id": self.id("attribute", f"{offer.pk}:{term['id']}"),
                "link_id": service_id,
                "link_type": "classification",
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
                "taxonomy_term": term,
            }
            for term in terms
        ]

    def capacity(self, offer: Offer) -> dict[str, Any]:
        return {
            "places_per_session": offer.places_per_session,
            "sessions_per_week": _number(offer.sessions_per_week),
            "capacity_amount": _number(offer.capacity_amount),
            "capacity_unit": offer.category.unit,
            "weekly_capacity": _number(offer.weekly_capacity),
            "visits_per_year": offer.visits_per_year,
        }

    def staffing(self, offer: Offer, service_id: str) -> list[dict[str, Any]]:
        # Staffing rows are internal records; this branch only runs for --internal.
        return [
            {
                "id": self.id("staffing", s.pk),
                "service_id": service_id,
                "year": s.year,
                "kind": s.kind,
                "kind_label": str(Staffing.Kind(s.kind).label),
                "head_count": _number(s.head_count),
                "weekly_hours": _number(s.weekly_hours),
            }
            for s in offer.staffing.all()
        ]

    def offer(self, offer: Offer, data: HsdsData) -> None:
        service_id, location_id, sal_id = self.offer_ids(offer)
        org_id = self.organization_id(offer.provider)
        service: dict[str, Any] = _compact(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": offer.name,
                "description": offer.description,
                "url": offer.website,
                "email": offer.email,
                "status": STATUS_TO_HSDS.get(offer.status, "active"),
                "assured_date": offer.last_confirmed.isoformat() if offer.last_confirmed else "",
                "last_modified": offer.modified.isoformat() if offer.modified else "",
                "languages": self.languages(offer, service_id),
                "attributes": self.attributes(offer, service_id),
            }
        )
        if offer.phone:
            service["phones"] = [
                {"id": self.id("phone", offer.pk), "service_id": service_id, "number": offer.phone}
            ]
        if self.has_place(offer):
            location = self.location(offer, location_id, org_id)
            sal = _compact(
                {
                    "id": sal_id,
                    "service_id": service_id,
                    "location_id": location_id,
                    "schedules": self.schedules(offer, {"service_at_location_id": sal_id}),
                }
            )
            data.locations.append(location)
            data.service_at_locations.append(sal)
            service["service_at_locations"] = [sal | {"location": location}]
            known = self.services.get(service_id)
            if known is not None:
                # One HSDS service at several locations came in as several offers.
                known.setdefault("service_at_locations", []).extend(service["service_at_locations"])
                return
        else:
            schedules = self.schedules(offer, {"service_id": service_id})
            if schedules:
                service["schedules"] = schedules
        if self.internal:
            service["x_sozialplanung_capacity"] = self.capacity(offer)
            service["x_sozialplanung_staffing"] = self.staffing(offer, service_id)
        self.services[service_id] = service
        data.services.append(service)


def build_hsds(municipality: Municipality, *, internal: bool = False) -> HsdsData:
    """The HSDS objects of a municipality's offer inventory (public unless ``internal``)."""
    builder = _Builder(municipality, internal)
    data = HsdsData(internal=internal)
    data.taxonomies = [
        builder.taxonomy(CATEGORY_TAXONOMY, f"Angebotsarten der Sozialplanung {municipality.name}"),
        builder.taxonomy(
            TARGET_GROUP_TAXONOMY, f"Zielgruppen der Sozialplanung {municipality.name}"
        ),
    ]
    categories = OfferCategory.objects.filter(municipality=municipality).select_related("parent")
    groups = TargetGroup.objects.filter(municipality=municipality)
    data.taxonomy_terms = [builder.category_term(c) for c in categories] + [
        builder.group_term(g) for g in groups
    ]
    providers = Provider.objects.filter(municipality=municipality).order_by("name", "pk")
    data.organizations = [builder.organization(p) for p in providers]
    offers = (
        Offer.objects.filter(municipality=municipality)
        .select_related("provider", "category", "category__parent")
        .prefetch_related("opening_hours", "target_groups")
        .order_by("name", "pk")
    )
    if internal:
        offers = offers.prefetch_related("staffing")
    for offer in offers:
        builder.offer(offer, data)
    return data
