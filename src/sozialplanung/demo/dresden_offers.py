"""Synthetic offers for the Dresden demo ("Beispieldaten"): about 150 offers, fixed seed.

Dresden publishes no directory of its "sonstige soziale Angebote", so the demo invents
one. Everything here is made up: the providers (a dozen invented associations, no real
organisation's name), the offers, their addresses, staffing, funding and need reports.
Every record is marked ``is_example`` and the pages label it "Beispieldaten".

How the set is built (``generate``), deterministically from ``random.Random(2024)``, from the
tables in ``dresden_offer_tables``:

- **Categories**: ``CATEGORY_COUNTS`` gives how many offers of each category (150 in all).
- **Places**: each offer lies in a Stadtteil drawn with weights (``STADTTEIL_WEIGHT``: the
  large-estate and inner-city Stadtteile with more need get more offers; the airport,
  Hellerberge and the Dresdner Heide, which have almost no residents, none); its point is
  sampled uniformly inside the Stadtteil polygon by rejection sampling (uniform in the
  bounding box, kept when the polygon contains it, after rounding to 6 decimals).
- **Names**: "<category> <Stadtteil>", e.g. "Mittagstisch Leuben", "Seniorentreff
  Prohlis-Nord"; a second offer of the same kind there gets a street suffix.
- **Opening hours and capacity** per category (``PROFILES``): meal offers and meeting
  places count places per session × sessions per week (a session per opening day),
  food banks households, stores opening hours, counselling counselling hours.
- **Staffing** for 2025 and 2026 by kind: paid staff, volunteers, Jobcenter-funded
  employment (§16d Arbeitsgelegenheiten at 30 h, §16i at 39 h, §16e at 30 h a week), and
  some Bundesfreiwilligendienst. About a quarter of the offers (``DEPENDENT_SHARE``) get
  more than half their staff hours from the Jobcenter kinds; the others less than half.
  2026 loses some §16d placements (the Jobcenter's cuts), so shares drop a little.
- **Funding** 2025 and 2026: municipal grant (indexed by 3 % in 2026), Jobcenter
  (a lump sum per placed person), own funds, sometimes donations.
- **Freshness**: about 10 % of the records (``STALE_SHARE``) were last confirmed 14–20
  months ago (stale under the default of 12 months), the rest within the last 10 months.
- **Need reports**: two or three per Stadtbezirk for 2025, larger for meal offers in
  Leuben, Plauen and Cotta (the districts the concept names for its meal-offer gap).

The module needs no Django: ``python -m sozialplanung.demo.dresden_offers
[stadtteile.geojson]`` prints the generated offers as semicolon CSV, for a look at them.
``sozialplanung.demo.offers`` saves them through the offer actions.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import random
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from sozialplanung.demo.dresden_offer_tables import (
    CATEGORY_COUNTS,
    CATEGORY_PROVIDERS,
    LABELS,
    MEAL_GAP_DISTRICTS,
    PROFILES,
    PROVIDERS,
    STADTTEIL_WEIGHT,
    STREETS,
    TARGET_GROUPS,
    Profile,
)

SEED = 2024
YEARS = (2025, 2026)
DEPENDENT_SHARE = 0.27
STALE_SHARE = 0.10


@dataclass
class DemoProvider:
    key: str  # external id
    name: str
    website: str


@dataclass
class DemoOffer:
    key: str  # external id
    provider: str  # provider key
    name: str
    category: str
    stadtteil: str
    longitude: float
    latitude: float
    street_address: str
    postal_code: str
    description: str
    opening_hours: list[tuple[int, dt.time, dt.time]]
    places_per_session: int | None
    sessions_per_week: int | None
    capacity_amount: int | None
    visits_per_year: int
    target_groups: tuple[str, ...]
    last_confirmed: dt.date
    status: str = "aktiv"
    # year → [(kind, head count, weekly hours)]
    staffing: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)
    # year → [(source, amount in €, note)]
    funding: dict[int, list[tuple[str, int, str]]] = field(default_factory=dict)


@dataclass
class DemoNeedReport:
    provider: str
    stadtteil: str
    category: str
    period: str
    turned_away: int | None
    waiting_list: int | None
    unmet_requests: int | None
    text: str


@dataclass
class DresdenDemo:
    providers: list[DemoProvider]
    offers: list[DemoOffer]
    need_reports: list[DemoNeedReport]


@dataclass(frozen=True)
class Stadtteil:
    code: str
    name: str
    geometry: BaseGeometry


def months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def short_name(name: str) -> str:
    """ "Wilsdruffer Vorstadt/Seevorstadt-West" → "Wilsdruffer Vorstadt"; no brackets."""
    return name.split("/")[0].split(" (")[0].strip()


def sample_point(rng: random.Random, geometry: BaseGeometry) -> tuple[float, float]:
    """A uniform random point inside the polygon (rejection sampling in its bounds)."""
    min_x, min_y, max_x, max_y = geometry.bounds
    while True:
        lon = round(rng.uniform(min_x, max_x), 6)
        lat = round(rng.uniform(min_y, max_y), 6)
        if shapely.contains_xy(geometry, lon, lat):
            return lon, lat


def jobcenter_share(rows: list[tuple[str, int, int]]) -> float:
    total = sum(h for _k, _n, h in rows)
    jc = sum(h for k, _n, h in rows if k in ("agh_16d", "tam_16i", "egz_16e"))
    return jc / total if total else 0.0


def _staffing(rng: random.Random, profile: Profile, dependent: bool) -> list[tuple[str, int, int]]:
    """Staff of 2025: (kind, head count, weekly hours), dependent or not on the Jobcenter."""
    total = rng.randint(*profile.staff_hours)
    paid_people = rng.choice((0, 1, 1, 2)) if dependent else rng.choice((1, 1, 2, 3))
    paid_hours = min(total, paid_people * rng.choice((20, 30, 40)))
    volunteers = rng.randint(2, 12)
    rows: list[tuple[str, int, int]] = []
    if paid_people:
        rows.append(("hauptamt", paid_people, paid_hours))
    rows.append(("ehrenamt", volunteers, volunteers * rng.choice((2, 3, 4))))
    if rng.random() < 0.15:
        rows.append(("bfd", 1, 39))
    agh = tam = egz = 0
    if dependent:
        agh = rng.randint(2, 5)
        tam = rng.choice((0, 0, 1, 1, 2))
        egz = rng.choice((0, 0, 0, 1))
    elif rng.random() < 0.6:
        agh = rng.randint(0, 2)
        tam = rng.choice((0, 0, 0, 1))

    def with_jobcenter() -> list[tuple[str, int, int]]:
        extra = [("agh_16d", agh, agh * 30), ("tam_16i", tam, tam * 39), ("egz_16e", egz, egz * 30)]
        return rows + [r for r in extra if r[1]]

    result = with_jobcenter()
    # Keep the offer on its side of the 50 % line.
    while dependent and jobcenter_share(result) <= 0.5:
        agh += 1
        result = with_jobcenter()
    while not dependent and jobcenter_share(result) > 0.5:
        if tam:
            tam -= 1
        elif agh:
            agh -= 1
        else:
            break
        result = with_jobcenter()
    return result


def _staffing_2026(
    rng: random.Random, rows: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """2026: some §16d placements end (the Jobcenter's cuts); volunteers vary a little."""
    result = []
    for kind, heads, hours in rows:
        if kind == "agh_16d" and heads > 1 and rng.random() < 0.4:
            heads -= 1
            hours = heads * 30
        elif kind == "ehrenamt":
            heads = max(1, heads + rng.choice((-1, 0, 0, 1)))
            hours = heads * max(2, hours // max(1, heads))
        result.append((kind, heads, hours))
    return result


def _funding(
    rng: random.Random, staffing: dict[int, list[tuple[str, int, int]]]
) -> dict[int, list[tuple[str, int, str]]]:
    grant = rng.randrange(8_000, 60_000, 500)
    own = rng.randrange(1_000, 8_000, 250)
    donations = rng.randrange(500, 6_000, 250) if rng.random() < 0.4 else 0
    result: dict[int, list[tuple[str, int, str]]] = {}
    for year in YEARS:
        placed = sum(n for k, n, _h in staffing[year] if k in ("agh_16d", "tam_16i", "egz_16e"))
        rows: list[tuple[str, int, str]] = [
            (
                "kommune",
                grant if year == 2025 else round(grant * 1.03 / 100) * 100,
                "Zuwendung nach Fachförderrichtlinie" + ("" if year == 2025 else ", dynamisiert"),
            ),
            ("eigenmittel", own, ""),
        ]
        if placed:
            rows.append(("jobcenter", placed * 2_400, "Maßnahmekostenpauschale"))
        if donations:
            rows.append(("spenden", donations, ""))
        result[year] = rows
    return result


def generate(stadtteile: Mapping[str, Stadtteil], today: dt.date) -> DresdenDemo:
    """The whole synthetic set; the same for the same Stadtteile and day."""
    rng = random.Random(SEED)
    providers = [
        DemoProvider(f"beispiel-dresden:traeger-{i + 1:02d}", name, web)
        for i, (name, web) in enumerate(PROVIDERS)
    ]
    codes = sorted(stadtteile)
    weights = [STADTTEIL_WEIGHT.get(code, 1.0) for code in codes]
    offers: list[DemoOffer] = []
    names: set[str] = set()
    number = 0
    for category, count in CATEGORY_COUNTS.items():
        profile = PROFILES[category]
        for _i in range(count):
            number += 1
            code = rng.choices(codes, weights)[0]
            area = stadtteile[code]
            lon, lat = sample_point(rng, area.geometry)
            street = rng.choice(STREETS)
            name = f"{LABELS[category]} {short_name(area.name)}"
            if name in names:
                name = f"{name}, {street}"
            if name in names:
                name = f"{name} {number}"
            names.add(name)
            days = rng.randint(*profile.days)
            opens, closes = profile.hours
            hours = [(day, opens, closes) for day in range(days)]
            open_hours = days * (closes.hour + closes.minute / 60 - opens.hour - opens.minute / 60)
            places = rng.randint(*profile.places) if profile.places else None
            amount = None
            if profile.amount == "hours":
                amount = round(open_hours)
            elif profile.amount == "households":
                amount = rng.randrange(60, 260, 10)
            sessions = days if places else None
            weekly = places * days if places else (amount or 0) * 3
            visits = round(weekly * 48 * rng.uniform(0.6, 0.95))
            dependent = rng.random() < DEPENDENT_SHARE
            staff_2025 = _staffing(rng, profile, dependent)
            staffing = {2025: staff_2025, 2026: _staffing_2026(rng, staff_2025)}
            if rng.random() < STALE_SHARE:
                confirmed = months_before(today, rng.randint(14, 20)) - dt.timedelta(
                    days=rng.randint(0, 20)
                )
            else:
                confirmed = months_before(today, rng.randint(0, 9)) - dt.timedelta(
                    days=rng.randint(0, 20)
                )
            provider = providers[rng.choice(CATEGORY_PROVIDERS[category])]
            offers.append(
                DemoOffer(
                    key=f"beispiel-dresden:angebot-{number:03d}",
                    provider=provider.key,
                    name=name,
                    category=category,
                    stadtteil=code,
                    longitude=lon,
                    latitude=lat,
                    street_address=f"{street} {rng.randint(1, 120)}",
                    postal_code=f"01{rng.randint(67, 328):03d}",
                    description=(
                        f"{LABELS[category]} im Stadtteil {area.name}. "
                        "Beispieldaten: erfundenes Angebot für die Demonstration."
                    ),
                    opening_hours=hours,
                    places_per_session=places,
                    sessions_per_week=sessions,
                    capacity_amount=amount,
                    visits_per_year=visits,
                    target_groups=TARGET_GROUPS[category],
                    last_confirmed=confirmed,
                    status="pausiert" if rng.random() < 0.03 else "aktiv",
                    staffing=staffing,
                    funding=_funding(rng, staffing),
                )
            )
    return DresdenDemo(providers, offers, _need_reports(rng, offers))


def _need_reports(rng: random.Random, offers: list[DemoOffer]) -> list[DemoNeedReport]:
    """Two or three reports per Stadtbezirk from providers with offers there (2025)."""
    reports: list[DemoNeedReport] = []
    seen: set[tuple[str, str, str]] = set()
    by_district: dict[str, list[DemoOffer]] = {}
    for offer in offers:
        by_district.setdefault(offer.stadtteil[0], []).append(offer)
    for district in sorted(by_district):
        candidates = by_district[district]
        for _i in range(rng.randint(2, 3)):
            offer = rng.choice(candidates)
            key = (offer.provider, offer.stadtteil, offer.category)
            if key in seen:
                continue
            seen.add(key)
            meal_gap = district in MEAL_GAP_DISTRICTS and offer.category == "mittagstisch"
            turned_away = rng.randint(25, 60) if meal_gap else rng.randint(3, 20)
            waiting = rng.randint(10, 30) if meal_gap else rng.randint(0, 12)
            reports.append(
                DemoNeedReport(
                    provider=offer.provider,
                    stadtteil=offer.stadtteil,
                    category=offer.category,
                    period="2025",
                    turned_away=turned_away,
                    waiting_list=waiting or None,
                    unmet_requests=rng.randint(0, 15) or None,
                    text=(
                        "Die Plätze reichen an den meisten Tagen nicht aus; wir mussten "
                        "regelmäßig Gäste abweisen. (Beispieldaten)"
                        if meal_gap
                        else "Nachfrage höher als unsere Kapazität. (Beispieldaten)"
                    ),
                )
            )
    return reports


def stadtteile_from_geojson(path: Path) -> dict[str, Stadtteil]:
    """The Stadtteile of Dresden's open-data file (code ``blocknr``, name ``bez``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    result = {}
    for feature in data["features"]:
        props = feature["properties"]
        geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
        shapely.prepare(geometry)
        result[props["blocknr"]] = Stadtteil(props["blocknr"], props["bez"], geometry)
    return result


def main(argv: list[str]) -> None:
    # The default is the repository's copy, run from the repository root like make does.
    path = Path(argv[1] if len(argv) > 1 else "data/dresden/stadtteile.geojson")
    demo = generate(stadtteile_from_geojson(path), dt.date.today())
    writer = csv.writer(sys.stdout, delimiter=";")
    writer.writerow(
        ["id", "name", "kategorie", "stadtteil", "lon", "lat", "traeger", "jobcenter_anteil_2026"]
    )
    providers = {p.key: p.name for p in demo.providers}
    for offer in demo.offers:
        writer.writerow(
            [
                offer.key,
                offer.name,
                offer.category,
                offer.stadtteil,
                offer.longitude,
                offer.latitude,
                providers[offer.provider],
                f"{jobcenter_share(offer.staffing[2026]):.2f}".replace(".", ","),
            ]
        )


if __name__ == "__main__":
    main(sys.argv)
