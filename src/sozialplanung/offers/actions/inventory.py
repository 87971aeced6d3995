"""Providers, offers, the default taxonomy: public records with a public trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.areas.domains import seed_default_domains
from sozialplanung.areas.models import Area
from sozialplanung.core.audit import ActingUser, save_audited
from sozialplanung.core.concurrency import lock_unchanged
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility

from ..locate import areas_at
from ..models import (
    Offer,
    OfferCategory,
    OpeningHours,
    Provider,
    TargetGroup,
)
from .common import (
    _require_planner,
    _require_provider,
)

if TYPE_CHECKING:
    from sozialplanung.core.models import User

# (slug, name, capacity unit): the default taxonomy of DOMAIN.md, in German.
DEFAULT_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("mittagstisch", "Mittagstisch", "Plätze"),
    ("suppenkueche", "Suppenküche", "Plätze"),
    ("tafel", "Tafel", "Haushalte"),
    ("kleiderkammer", "Kleiderkammer", "Öffnungsstunden"),
    ("sozialkaufhaus", "Sozialkaufhaus", "Öffnungsstunden"),
    ("moebelboerse", "Möbelbörse", "Öffnungsstunden"),
    ("begegnungsstaette", "Begegnungsstätte", "Plätze"),
    ("stadtteiltreff", "Stadtteiltreff", "Plätze"),
    ("seniorentreff", "Seniorentreff", "Plätze"),
    ("waermestube", "Wärmestube", "Plätze"),
    ("tagestreff", "Tagestreff", "Plätze"),
    ("sozialberatung", "Sozialberatung", "Beratungsstunden"),
    ("schuldnerberatung", "Schuldnerberatung", "Beratungsstunden"),
    ("migrationsberatung", "Migrationsberatung", "Beratungsstunden"),
    ("sprachcafe", "Sprachkurs / Sprachcafé", "Plätze"),
    ("familienzentrum", "Familienzentrum", "Plätze"),
    ("jugendtreff", "Kinder- und Jugendtreff", "Plätze"),
    ("gesundheit", "Gesundheitsangebot", "Beratungsstunden"),
    ("sonstiges", "Sonstiges", "Plätze"),
)

# The planning domain (areas.domains) of each default category; the rest: Sozialplanung.
DEFAULT_CATEGORY_DOMAINS: dict[str, str] = {
    "familienzentrum": "jugendhilfeplanung",
    "jugendtreff": "jugendhilfeplanung",
    "gesundheit": "gesundheitspraevention",
}

DEFAULT_TARGET_GROUPS: tuple[tuple[str, str], ...] = (
    ("alle", "Alle"),
    ("geringes-einkommen", "Menschen mit geringem Einkommen"),
    ("senioren", "Seniorinnen und Senioren"),
    ("familien", "Familien"),
    ("alleinerziehende", "Alleinerziehende"),
    ("kinder-jugendliche", "Kinder und Jugendliche"),
    ("gefluechtete", "Geflüchtete und Zugewanderte"),
    ("wohnungslose", "Wohnungslose Menschen"),
    ("behinderung", "Menschen mit Behinderung"),
)

# Offer fields save_offer sets from ``**fields`` (the rest have their own parameters).
OFFER_FIELDS = frozenset(
    {
        "description",
        "status",
        "street_address",
        "postal_code",
        "locality",
        "places_per_session",
        "sessions_per_week",
        "capacity_amount",
        "visits_per_year",
        "email",
        "phone",
        "website",
        "accessibility",
        "languages",
        "last_confirmed",
        "external_id",
        "is_example",
    }
)
PROVIDER_FIELDS = frozenset(
    {"description", "email", "phone", "website", "external_id", "is_example"}
)


# --- Permissions -------------------------------------------------------------------------


def seed_default_categories(
    municipality: Municipality, *, acting_user: ActingUser
) -> list[OfferCategory]:
    """Create the default German categories and target groups that are missing.

    Existing ones are left alone: the municipality may have renamed or reordered them.
    """
    _require_planner(acting_user, municipality.pk)
    made: list[OfferCategory] = []
    with transaction.atomic():
        domains = seed_default_domains(municipality, acting_user=acting_user)
        for order, (slug, name, unit) in enumerate(DEFAULT_CATEGORIES):
            category = OfferCategory.objects.filter(municipality=municipality, slug=slug).first()
            if category is None:
                domain = domains.get(DEFAULT_CATEGORY_DOMAINS.get(slug, "sozialplanung"))
                category, _changed = save_audited(
                    OfferCategory(municipality=municipality, slug=slug),
                    {"name": name, "unit": unit, "order": order * 10, "domain": domain},
                    acting_user=acting_user,
                    visibility=Visibility.PUBLIC,
                )
            made.append(category)
        seed_default_target_groups(municipality, acting_user=acting_user)
    return made


def seed_default_target_groups(
    municipality: Municipality, *, acting_user: ActingUser
) -> list[TargetGroup]:
    _require_planner(acting_user, municipality.pk)
    made: list[TargetGroup] = []
    with transaction.atomic():
        for slug, name in DEFAULT_TARGET_GROUPS:
            group = TargetGroup.objects.filter(municipality=municipality, slug=slug).first()
            if group is None:
                group, _changed = save_audited(
                    TargetGroup(municipality=municipality, slug=slug),
                    {"name": name},
                    acting_user=acting_user,
                    visibility=Visibility.PUBLIC,
                )
            made.append(group)
    return made


# --- Providers ---------------------------------------------------------------------------


def save_provider(
    municipality: Municipality,
    *,
    name: str,
    provider: Provider | None = None,
    users: Iterable[User] | None = None,
    acting_user: ActingUser,
    **fields: Any,
) -> Provider:
    """Create or update a provider.

    Matched by ``provider`` if given, else by ``external_id`` (if given), else by name
    within the municipality. ``users`` replaces the provider's logins when given.
    Creating a provider and changing its logins is the planning unit's; a Träger user
    may update its own provider's contact data.
    """
    unknown = set(fields) - PROVIDER_FIELDS
    if unknown:
        raise TypeError(f"unknown provider fields: {sorted(unknown)}")
    with transaction.atomic():
        if provider is None:
            existing = Provider.objects.filter(municipality=municipality)
            if fields.get("external_id"):
                provider = existing.filter(external_id=fields["external_id"]).first()
            else:
                provider = existing.filter(name=name).first()
        if provider is None or users is not None:
            _require_planner(acting_user, municipality.pk)
        else:
            _require_provider(acting_user, provider)
        provider = provider or Provider(municipality=municipality)
        before_users = (
            sorted(provider.users.values_list("username", flat=True)) if provider.pk else []
        )
        after_users = sorted(u.get_username() for u in users) if users is not None else before_users
        provider, _changed = save_audited(
            provider,
            {"name": name, **fields},
            acting_user=acting_user,
            visibility=Visibility.PUBLIC,
            extra_before={"users": before_users},
            extra_after={"users": after_users},
        )
        if users is not None and after_users != before_users:
            provider.users.set(list(users))
        return provider


def add_provider_user(provider: Provider, account: User, *, acting_user: ActingUser) -> Provider:
    """Give a Träger login access to a provider's offers (planning unit only)."""
    current = list(provider.users.all())
    if account in current:
        return provider
    return save_provider(
        provider.municipality,
        name=provider.name,
        provider=provider,
        users=[*current, account],
        acting_user=acting_user,
    )


# --- Offers ------------------------------------------------------------------------------


def _offer_relations(offer: Offer) -> dict[str, Any]:
    """The many-to-many parts of an offer, for its audit snapshot."""
    if offer.pk is None:
        return {"target_groups": [], "serves": [], "opening_hours": [], "located_in": []}
    return {
        "target_groups": sorted(offer.target_groups.values_list("slug", flat=True)),
        "serves": sorted(offer.serves.values_list("code", flat=True)),
        "opening_hours": [
            f"{h.weekday} {h.opens:%H:%M}-{h.closes:%H:%M}" for h in offer.opening_hours.all()
        ],
        "located_in": sorted(offer.located_in.values_list("code", flat=True)),
    }


def _normalise_hours(
    opening_hours: Iterable[tuple[int, dt.time, dt.time]],
) -> list[tuple[int, dt.time, dt.time]]:
    rows = sorted((int(day), opens, closes) for day, opens, closes in opening_hours)
    for day, opens, closes in rows:
        if not 0 <= day <= 6:
            raise ValidationError(_("Weekday must be between 0 (Monday) and 6 (Sunday)."))
        if closes <= opens:
            raise ValidationError(_("Closing time must be after opening time."))
    return rows


def save_offer(
    municipality: Municipality,
    *,
    provider: Provider,
    name: str,
    category: OfferCategory,
    offer: Offer | None = None,
    longitude: float | None = None,
    latitude: float | None = None,
    opening_hours: Iterable[tuple[int, dt.time, dt.time]] | None = None,
    target_groups: Iterable[TargetGroup] | None = None,
    serves: Iterable[Area] | None = None,
    acting_user: ActingUser,
    version: str | None = None,
    **fields: Any,
) -> Offer:
    """Create or update an offer; derive ``located_in`` from its point.

    Matched by ``offer`` if given, else by ``external_id`` within the municipality if
    given; otherwise a new offer is created. ``opening_hours`` (weekday 0 = Monday,
    opens, closes), ``target_groups`` and ``serves`` replace the current ones when given
    and stay as they are when None. Other fields (description, status, address,
    capacity, contact, last_confirmed, external_id, is_example) go in ``fields``.
    One audit entry records the offer with its relations. ``version``: the version of
    ``offer`` the edit form showed; a save on an older one is refused
    (``core.concurrency``).
    """
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    if provider.municipality_id != municipality.pk or category.municipality_id != municipality.pk:
        raise ValidationError(_("Provider and category must belong to the municipality."))
    if (longitude is None) != (latitude is None):
        raise ValidationError(_("Give both longitude and latitude, or neither."))
    if (
        longitude is not None
        and latitude is not None
        and not (-180 <= longitude <= 180 and -90 <= latitude <= 90)
    ):
        raise ValidationError(_("Coordinates are outside the valid range."))
    hours = _normalise_hours(opening_hours) if opening_hours is not None else None
    with transaction.atomic():
        if offer is None and fields.get("external_id"):
            offer = Offer.objects.filter(
                municipality=municipality, external_id=fields["external_id"]
            ).first()
        if offer is not None and offer.pk is not None:
            offer = lock_unchanged(offer, version)  # type: ignore[assignment]
        if offer is not None:
            # Both the old and the new provider must be the editor's (no moving offers away).
            _require_provider(acting_user, offer.provider)
        _require_provider(acting_user, provider)
        offer = offer or Offer(municipality=municipality)
        before_rel = _offer_relations(offer)
        located = areas_at(municipality, longitude, latitude)
        after_rel = {
            "target_groups": sorted(g.slug for g in target_groups)
            if target_groups is not None
            else before_rel["target_groups"],
            "serves": sorted(a.code for a in serves)
            if serves is not None
            else before_rel["serves"],
            "opening_hours": [f"{d} {o:%H:%M}-{c:%H:%M}" for d, o, c in hours]
            if hours is not None
            else before_rel["opening_hours"],
            "located_in": sorted(
                Area.objects.filter(pk__in=located).values_list("code", flat=True)
            ),
        }
        target_groups = list(target_groups) if target_groups is not None else None
        serves = list(serves) if serves is not None else None
        offer, _ignored = save_audited(
            offer,
            {
                "provider": provider,
                "name": name,
                "category": category,
                "longitude": longitude,
                "latitude": latitude,
                **fields,
            },
            acting_user=acting_user,
            visibility=Visibility.PUBLIC,
            extra_before=before_rel,
            extra_after=after_rel,
        )
        offer.located_in.set(located)
        if target_groups is not None:
            offer.target_groups.set(target_groups)
        if serves is not None:
            offer.serves.set(serves)
        if hours is not None and after_rel["opening_hours"] != before_rel["opening_hours"]:
            offer.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                OpeningHours(offer=offer, weekday=d, opens=o, closes=c) for d, o, c in hours
            )
        return offer


def confirm_offer(offer: Offer, *, day: dt.date | None = None, acting_user: ActingUser) -> Offer:
    """The provider (or the planning unit) confirms the record is current."""
    _require_provider(acting_user, offer.provider)
    with transaction.atomic():
        offer, _changed = save_audited(
            offer,
            {"last_confirmed": day or dt.date.today()},
            acting_user=acting_user,
            visibility=Visibility.PUBLIC,
            summary=_("Record confirmed"),
        )
        return offer


# --- Staffing and funding (internal) -----------------------------------------------------


def located_in_codes(offer: Offer) -> Sequence[str]:
    return list(offer.located_in.order_by("level__depth").values_list("code", flat=True))
