"""The offer demo: Leipzig's real afeefa directory and Dresden's synthetic example offers.

Called by ``demo.loader.load_demo``. Everything goes through
``offers.actions``; a second run creates and changes nothing (records are matched by
their ``external_id``, and a record's confirmation date is kept once it exists).

**Leipzig** (``load_leipzig``): the entries of ``afeefa_leipzig.json`` (a 2018 dump of the
afeefa.de directory of help and integration offers; see SOURCES.md) with
``entryType`` "Orga" and coordinates become offers, located by point-in-polygon in the
Ortsteile (entries outside every Ortsteil are left out). The provider is the parent
organisation (``parentOrgaId``) when the entry has one, else the entry itself. Only
name, description (``descriptionShort`` or ``description``, trimmed), address (street,
zip, city, placename), coordinates and website are kept: **never** e-mail, phone or the
named contact persons (``speakerPublic``); e-mail addresses and phone numbers inside
the description texts are cut out too. The licence of the content is unclear, so every
description ends with ``LICENCE_NOTE``. The confirmation date is the entry's last update
(2017/2018): the records are stale, which is true. ``external_id`` is "afeefa:<id>".

How afeefa's categories map to ours (first match wins):

1. ``NAME_KEYWORDS``: a word in the entry's name (Sozialkaufhaus, Möbel, Kleider…);
2. ``SUBCATEGORY``: afeefa's ``subCategory`` →  our category slug;
3. ``CATEGORY``: afeefa's top category (when ``subCategory`` is empty) → our slug;
4. otherwise "sonstiges".

**Dresden** (``load_dresden``): the synthetic set of ``dresden_offers`` (about 150 offers of
a dozen invented providers, fixed seed), all ``is_example`` ("Beispieldaten"), with
staffing and funding for 2025 and 2026 and need reports; the demo Träger login
"traeger" becomes a user of the first example provider.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from sozialplanung.areas.models import Area
from sozialplanung.areas.queries import current_boundaries
from sozialplanung.core.audit import Process
from sozialplanung.core.models import AuditEntry, Municipality, User
from sozialplanung.demo.dresden_offers import Stadtteil, generate
from sozialplanung.demo.utilisation import load_dresden_utilisation
from sozialplanung.offers import actions
from sozialplanung.offers.locate import locator_for
from sozialplanung.offers.models import NeedReport, Offer, OfferCategory, Provider, TargetGroup

ACTOR = Process("Demo")
Out = Callable[[str], None]

LICENCE_NOTE = (
    "Quelle: afeefa.de, Verzeichnis Leipzig (Stand 2018). Lizenz unklar, nur zu "
    "Demonstrationszwecken."
)
DESCRIPTION_LIMIT = 1200

# Words in an entry's name that say more than its sub-category (checked in order).
NAME_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("sozialkaufhaus", "sozialkaufhaus"),
    ("second-hand", "sozialkaufhaus"),
    ("möbel", "moebelboerse"),
    ("kleider", "kleiderkammer"),
    ("tafel", "tafel"),
    ("schuldner", "schuldnerberatung"),
    ("migrationsberatung", "migrationsberatung"),
    ("jugendmigrationsdienst", "migrationsberatung"),
    ("senioren", "seniorentreff"),
    ("stadtteilbüro", "stadtteiltreff"),
    ("stadtteiltreff", "stadtteiltreff"),
    ("sprachcafé", "sprachcafe"),
    ("sprachcafe", "sprachcafe"),
)
# afeefa subCategory → our category.
SUBCATEGORY: dict[str, str] = {
    "leisure": "begegnungsstaette",  # sports, cafés, leisure groups for newcomers
    "participate": "begegnungsstaette",  # taking part: associations, councils, networks
    "buddy-programme": "begegnungsstaette",  # sponsorships, tandems
    "religion": "begegnungsstaette",  # congregations and mosques as meeting places
    "social-advice": "migrationsberatung",  # social counselling for refugees and migrants
    "legal-advice": "migrationsberatung",  # asylum and residence law advice
    "daily-life": "sozialberatung",  # help with everyday matters
    "housing": "sozialberatung",  # help with finding housing
    "family": "familienzentrum",
    "kita-and-school": "familienzentrum",  # childcare and school matters
    "learning-german": "sprachcafe",  # German courses and language cafés
    "health": "gesundheit",
    "work-learn-study": "sonstiges",  # work, vocational training, study
    "mobility": "sonstiges",  # transport, driving licences
}
# afeefa top category, for entries without a subCategory.
CATEGORY: dict[str, str] = {
    "living-in-leipzig": "begegnungsstaette",
    "advice-and-support": "migrationsberatung",
    "work-and-education": "sonstiges",
    "hotspots": "sonstiges",
}
# Target groups of every afeefa entry; the youth-tagged and school ones also reach minors.
AFEEFA_TARGET_GROUPS = ("gefluechtete",)
YOUTH_TARGET_GROUP = "kinder-jugendliche"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:(?:\+|00)\d{2}[\s/-]?)?\(?0?\d{2,5}\)?[\s/-]?\d{3,}(?:[\s-]?\d{2,})*")
PHONE_LABEL = re.compile(r"\b(?:Tel\.?|Telefon|Fax|Mobil|Handy)\s*[:.]?\s*$", re.IGNORECASE)


def load(out: Out = print, data_dir: Path | None = None) -> None:
    """The offer demo of both cities (after the areas and the demo logins).

    ``data_dir`` holds Leipzig's afeefa directory; Dresden's offers are generated.
    """
    data_dir = Path(data_dir or settings.DEMO_DATA_DIR)
    for slug in ("dresden", "leipzig"):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is not None:
            actions.seed_default_categories(municipality, acting_user=ACTOR)
    leipzig = Municipality.objects.filter(slug="leipzig").first()
    if leipzig is not None:
        load_leipzig(leipzig, data_dir / "leipzig", out)
    dresden = Municipality.objects.filter(slug="dresden").first()
    if dresden is not None:
        load_dresden(dresden, out)


# --- Leipzig -----------------------------------------------------------------------------


def category_slug(entry: dict[str, Any]) -> str:
    """Our category for an afeefa entry (see the tables above)."""
    name = (entry.get("name") or "").lower()
    for word, slug in NAME_KEYWORDS:
        if word in name:
            return slug
    sub = entry.get("subCategory") or ""
    if sub in SUBCATEGORY:
        return SUBCATEGORY[sub]
    top = (entry.get("category") or {}).get("name") or ""
    return CATEGORY.get(top, "sonstiges")


def scrub(text: str, entry: dict[str, Any]) -> str:
    """The text without the entry's contact data: e-mails, phone numbers, contact persons."""
    for secret in (entry.get("mail"), entry.get("phone"), entry.get("speakerPublic")):
        if secret and secret.strip():
            text = text.replace(secret.strip(), "")
    text = EMAIL.sub("", text)
    text = PHONE.sub(lambda m: m[0] if len(re.sub(r"\D", "", m[0])) < 7 else "", text)
    lines = [PHONE_LABEL.sub("", line).rstrip() for line in text.splitlines()]
    return "\n".join(lines)


def description_of(entry: dict[str, Any]) -> str:
    text = (entry.get("descriptionShort") or "").strip() or (entry.get("description") or "")
    text = scrub(text.replace("\r\n", "\n").replace("\r", "\n"), entry)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(text) > DESCRIPTION_LIMIT:
        cut = text[:DESCRIPTION_LIMIT].rsplit(" ", 1)[0]
        text = f"{cut} …"
    return f"{text}\n\n{LICENCE_NOTE}" if text else LICENCE_NOTE


def website_of(entry: dict[str, Any]) -> str:
    web = (entry.get("web") or "").strip()
    if not web:
        return ""
    if not web.startswith(("http://", "https://")):
        web = f"http://{web}"
    return web if len(web) <= 200 and " " not in web else ""


def afeefa_entries(path: Path) -> list[dict[str, Any]]:
    """The "Orga" entries with coordinates, in id order."""
    data = json.loads(path.read_text(encoding="utf-8"))["marketentries"]
    result = []
    for entry in data:
        if entry.get("entryType") != "Orga" or not entry.get("location"):
            continue
        place = entry["location"][0]
        try:
            float(place.get("lat") or ""), float(place.get("lon") or "")
        except ValueError:
            continue
        result.append(entry)
    return sorted(result, key=lambda e: e["id"])


def load_leipzig(municipality: Municipality, folder: Path, out: Out = print) -> None:
    path = folder / "afeefa_leipzig.json"
    if not path.exists():
        return
    before = AuditEntry.objects.count()
    entries = afeefa_entries(path)
    by_id = {e["id"]: e for e in json.loads(path.read_text(encoding="utf-8"))["marketentries"]}
    points = [(float(e["location"][0]["lon"]), float(e["location"][0]["lat"])) for e in entries]
    ortsteile = set(
        Area.objects.filter(municipality=municipality, level__slug="ortsteil").values_list(
            "pk", flat=True
        )
    )
    hits = locator_for(municipality).area_ids_many(points)
    inside = [
        (e, p) for e, p, ids in zip(entries, points, hits, strict=True) if ortsteile & set(ids)
    ]
    categories = {c.slug: c for c in OfferCategory.objects.filter(municipality=municipality)}
    groups = {g.slug: g for g in TargetGroup.objects.filter(municipality=municipality)}
    existing = set(
        Offer.objects.filter(
            municipality=municipality, external_id__startswith="afeefa:"
        ).values_list("external_id", flat=True)
    )
    providers: dict[int, Provider] = {}

    def provider_for(entry: dict[str, Any]) -> Provider:
        owner = by_id.get(entry.get("parentOrgaId")) or entry
        if owner["id"] not in providers:
            providers[owner["id"]] = actions.save_provider(
                municipality,
                name=owner["name"].strip()[:300],
                description=LICENCE_NOTE,
                website=website_of(owner),
                external_id=f"afeefa:{owner['id']}",
                acting_user=ACTOR,
            )
        return providers[owner["id"]]

    made = 0
    for entry, (lon, lat) in inside:
        place = entry["location"][0]
        street = (place.get("street") or "").strip()
        placename = scrub((place.get("placename") or "").strip(), entry)
        address = ", ".join(part for part in (placename, street) if part)[:300]
        updated = dt.date.fromisoformat((entry.get("updated_at") or "2018-01-01")[:10])
        target = [groups[s] for s in AFEEFA_TARGET_GROUPS if s in groups]
        tags = (entry.get("tags") or "").split(",")
        if ("youth" in tags or entry.get("subCategory") == "kita-and-school") and (
            YOUTH_TARGET_GROUP in groups
        ):
            target.append(groups[YOUTH_TARGET_GROUP])
        external_id = f"afeefa:{entry['id']}"
        offer = Offer.objects.filter(municipality=municipality, external_id=external_id).first()
        actions.save_offer(
            municipality,
            provider=provider_for(entry),
            name=entry["name"].strip()[:300],
            category=categories[category_slug(entry)],
            offer=offer,
            longitude=lon,
            latitude=lat,
            target_groups=target,
            description=description_of(entry),
            street_address=address,
            postal_code=(place.get("zip") or "").strip()[:10],
            locality=(place.get("city") or "").strip()[:200] or "Leipzig",
            website=website_of(entry),
            last_confirmed=offer.last_confirmed if offer else updated,
            external_id=external_id,
            acting_user=ACTOR,
        )
        made += external_id not in existing
    out(
        f"Leipzig: Angebote aus dem afeefa-Verzeichnis … {made} neu ({len(entries)} gelesen, "
        f"{len(entries) - len(inside)} außerhalb der Ortsteile; Lizenz unklar, nur zu "
        "Demonstrationszwecken); "
        f"{AuditEntry.objects.count() - before} Einträge im Änderungsprotokoll"
    )


def _cents(value: int | None) -> Decimal | None:
    """A decimal as the database stores it (two places), so a re-run compares equal."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


# --- Dresden -----------------------------------------------------------------------------


def load_dresden(municipality: Municipality, out: Out = print) -> None:
    import shapely

    before = AuditEntry.objects.count()
    areas = {
        a.pk: a for a in Area.objects.filter(municipality=municipality, level__slug="stadtteil")
    }
    boundaries = current_boundaries(Area.objects.filter(pk__in=areas))
    stadtteile: dict[str, Stadtteil] = {}
    for pk, boundary in boundaries.items():
        geometry = shapely.from_geojson(boundary.geometry)
        shapely.prepare(geometry)
        area = areas[pk]
        stadtteile[area.code] = Stadtteil(area.code, area.name, geometry)
    if not stadtteile:
        return
    demo = generate(stadtteile, dt.date.today())
    by_code = {a.code: a for a in areas.values()}
    categories = {c.slug: c for c in OfferCategory.objects.filter(municipality=municipality)}
    groups = {g.slug: g for g in TargetGroup.objects.filter(municipality=municipality)}

    providers: dict[str, Provider] = {}
    new_providers = 0
    for item in demo.providers:
        new_providers += not Provider.objects.filter(
            municipality=municipality, external_id=item.key
        ).exists()
        providers[item.key] = actions.save_provider(
            municipality,
            name=item.name,
            description="Erfundener Träger (Beispieldaten) für die Demonstration.",
            website=item.website,
            external_id=item.key,
            is_example=True,
            acting_user=ACTOR,
        )
    existing = {
        o.external_id: o
        for o in Offer.objects.filter(
            municipality=municipality, external_id__startswith="beispiel-dresden:"
        )
    }
    for item in demo.offers:
        offer = existing.get(item.key)
        offer = actions.save_offer(
            municipality,
            provider=providers[item.provider],
            name=item.name,
            category=categories[item.category],
            offer=offer,
            longitude=item.longitude,
            latitude=item.latitude,
            opening_hours=item.opening_hours,
            target_groups=[groups[s] for s in item.target_groups if s in groups],
            serves=[by_code[item.stadtteil]],
            description=item.description,
            status=item.status,
            street_address=item.street_address,
            postal_code=item.postal_code,
            locality="Dresden",
            places_per_session=item.places_per_session,
            sessions_per_week=_cents(item.sessions_per_week),
            capacity_amount=_cents(item.capacity_amount),
            visits_per_year=item.visits_per_year,
            # Once confirmed, a record keeps its date: a later run changes nothing.
            last_confirmed=offer.last_confirmed if offer else item.last_confirmed,
            external_id=item.key,
            is_example=True,
            acting_user=ACTOR,
        )
        for year, staffing_rows in item.staffing.items():
            actions.set_staffing(offer, year, staffing_rows, acting_user=ACTOR)
        for year, funding_rows in item.funding.items():
            actions.set_funding(offer, year, funding_rows, acting_user=ACTOR)
    reports_before = NeedReport.objects.filter(municipality=municipality).count()
    for report in demo.need_reports:
        actions.file_need_report(
            providers[report.provider],
            area=by_code[report.stadtteil],
            category=categories[report.category],
            period=report.period,
            turned_away=report.turned_away,
            waiting_list=report.waiting_list,
            unmet_requests=report.unmet_requests,
            text=report.text,
            acting_user=ACTOR,
        )
    traeger = User.objects.filter(username="traeger").first()
    if traeger is not None:
        actions.add_provider_user(providers[demo.providers[0].key], traeger, acting_user=ACTOR)
    load_dresden_utilisation(municipality, out)
    new_offers = len([o for o in demo.offers if o.key not in existing])
    new_reports = NeedReport.objects.filter(municipality=municipality).count() - reports_before
    out(
        f"Dresden: Beispielangebote … {new_offers} neu ({len(demo.offers)} Angebote von "
        f"{len(demo.providers)} erfundenen Trägern; {new_providers} Träger und "
        f"{new_reports} Bedarfsmeldungen hinzugekommen; Beispieldaten); "
        f"{AuditEntry.objects.count() - before} Einträge im Änderungsprotokoll"
    )
