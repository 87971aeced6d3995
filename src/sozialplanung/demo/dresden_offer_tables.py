"""The tables Dresden's synthetic offers (Beispieldaten) are drawn from: the invented
providers; per offer category how many offers there are, which providers run them, for
which target groups, under which name and with which opening pattern and capacity
(``Profile``); and where they are placed (Stadtteil weights, the districts of the meal-offer
gap, street names). Kept apart from the generator (``dresden_offers``) so that what the demo
invents can be read and changed as data, away from the random draws that turn it into
records; like the generator, it needs no Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Invented providers (no real organisation's name); the first gets the demo Träger login.
PROVIDERS: tuple[tuple[str, str], ...] = (
    ("Sozialverein Elbtal e. V.", "https://sozialverein-elbtal.example"),
    ("Nachbarschaftswerk Sachsenbrücke e. V.", ""),
    ("Initiative Stadtteilküche Dresden e. V.", ""),
    ("Bürgerhilfe Heidebogen e. V.", ""),
    ("Lebensraum Elbhang gGmbH", "https://lebensraum-elbhang.example"),
    ("Begegnungsverein Weißeritzaue e. V.", ""),
    ("Mehrgenerationenverein Elbwiesen e. V.", ""),
    ("Hilfswerk Elbbogen e. V.", ""),
    ("Tafelrunde Elbaue e. V.", ""),
    ("Beratungsnetz Sachsenbogen gGmbH", "https://beratungsnetz-sachsenbogen.example"),
    ("Jugendwerk Zschonergrund e. V.", ""),
    ("Kleiderbörse Miteinander e. V.", ""),
)

# Category slug → how many offers (150 in all).
CATEGORY_COUNTS: dict[str, int] = {
    "mittagstisch": 20,
    "suppenkueche": 4,
    "tafel": 8,
    "kleiderkammer": 10,
    "sozialkaufhaus": 5,
    "moebelboerse": 4,
    "begegnungsstaette": 14,
    "stadtteiltreff": 14,
    "seniorentreff": 14,
    "waermestube": 4,
    "tagestreff": 5,
    "sozialberatung": 12,
    "schuldnerberatung": 6,
    "migrationsberatung": 7,
    "sprachcafe": 6,
    "familienzentrum": 7,
    "jugendtreff": 7,
    "gesundheit": 3,
}

# Which providers run which categories (indexes into PROVIDERS).
CATEGORY_PROVIDERS: dict[str, tuple[int, ...]] = {
    "mittagstisch": (0, 2, 6, 7),
    "suppenkueche": (2, 7),
    "tafel": (8,),
    "kleiderkammer": (11, 0, 7),
    "sozialkaufhaus": (11, 4),
    "moebelboerse": (4, 11),
    "begegnungsstaette": (1, 5, 6),
    "stadtteiltreff": (1, 3, 5),
    "seniorentreff": (6, 0, 3),
    "waermestube": (7, 0),
    "tagestreff": (7, 4),
    "sozialberatung": (9, 0, 3),
    "schuldnerberatung": (9,),
    "migrationsberatung": (9, 5),
    "sprachcafe": (5, 1),
    "familienzentrum": (3, 10),
    "jugendtreff": (10,),
    "gesundheit": (4, 9),
}

TARGET_GROUPS: dict[str, tuple[str, ...]] = {
    "mittagstisch": ("geringes-einkommen", "senioren"),
    "suppenkueche": ("geringes-einkommen", "wohnungslose"),
    "tafel": ("geringes-einkommen",),
    "kleiderkammer": ("geringes-einkommen", "familien"),
    "sozialkaufhaus": ("geringes-einkommen",),
    "moebelboerse": ("geringes-einkommen",),
    "begegnungsstaette": ("alle",),
    "stadtteiltreff": ("alle",),
    "seniorentreff": ("senioren",),
    "waermestube": ("wohnungslose", "geringes-einkommen"),
    "tagestreff": ("wohnungslose",),
    "sozialberatung": ("geringes-einkommen",),
    "schuldnerberatung": ("geringes-einkommen",),
    "migrationsberatung": ("gefluechtete",),
    "sprachcafe": ("gefluechtete",),
    "familienzentrum": ("familien", "alleinerziehende"),
    "jugendtreff": ("kinder-jugendliche",),
    "gesundheit": ("alle", "behinderung"),
}

# Name prefix per category (the offer is "<prefix> <Stadtteil>").
LABELS: dict[str, str] = {
    "mittagstisch": "Mittagstisch",
    "suppenkueche": "Suppenküche",
    "tafel": "Tafel-Ausgabestelle",
    "kleiderkammer": "Kleiderkammer",
    "sozialkaufhaus": "Sozialkaufhaus",
    "moebelboerse": "Möbelbörse",
    "begegnungsstaette": "Begegnungsstätte",
    "stadtteiltreff": "Stadtteiltreff",
    "seniorentreff": "Seniorentreff",
    "waermestube": "Wärmestube",
    "tagestreff": "Tagestreff",
    "sozialberatung": "Sozialberatung",
    "schuldnerberatung": "Schuldnerberatung",
    "migrationsberatung": "Migrationsberatung",
    "sprachcafe": "Sprachcafé",
    "familienzentrum": "Familienzentrum",
    "jugendtreff": "Kinder- und Jugendtreff",
    "gesundheit": "Gesundheitstreff",
}


@dataclass(frozen=True)
class Profile:
    """Opening pattern and capacity of a category.

    ``days``: how many weekdays (Monday first) it opens, as (min, max); ``hours``:
    (opens, closes) of each opening day; ``places``: (min, max) places per session, or
    None when capacity is an amount; ``amount``: "hours" (opening hours per week),
    "households" (a food bank's households per week) or "".
    """

    days: tuple[int, int]
    hours: tuple[dt.time, dt.time]
    places: tuple[int, int] | None
    amount: str = ""
    staff_hours: tuple[int, int] = (30, 120)


def _t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


MEAL = Profile((4, 5), (_t("11:30"), _t("13:30")), (25, 60), staff_hours=(50, 140))
MEETING = Profile((3, 5), (_t("10:00"), _t("17:00")), (15, 40), staff_hours=(30, 110))
STORE = Profile((2, 4), (_t("10:00"), _t("16:00")), None, "hours", staff_hours=(40, 130))
ADVICE = Profile((2, 4), (_t("09:00"), _t("15:00")), None, "hours", staff_hours=(20, 80))
PROFILES: dict[str, Profile] = {
    "mittagstisch": MEAL,
    "suppenkueche": Profile((5, 7), (_t("12:00"), _t("14:00")), (30, 80), staff_hours=(40, 120)),
    "tafel": Profile((2, 3), (_t("14:00"), _t("17:00")), None, "households", staff_hours=(40, 140)),
    "kleiderkammer": STORE,
    "sozialkaufhaus": Profile((5, 5), (_t("10:00"), _t("18:00")), None, "hours", (60, 180)),
    "moebelboerse": STORE,
    "begegnungsstaette": MEETING,
    "stadtteiltreff": MEETING,
    "seniorentreff": Profile((3, 5), (_t("13:00"), _t("17:00")), (15, 35), staff_hours=(20, 80)),
    "waermestube": Profile((7, 7), (_t("09:00"), _t("15:00")), (20, 40), staff_hours=(60, 160)),
    "tagestreff": Profile((5, 6), (_t("08:00"), _t("16:00")), (20, 45), staff_hours=(50, 140)),
    "sozialberatung": ADVICE,
    "schuldnerberatung": ADVICE,
    "migrationsberatung": ADVICE,
    "sprachcafe": Profile((1, 3), (_t("16:00"), _t("18:00")), (10, 25), staff_hours=(10, 40)),
    "familienzentrum": Profile((4, 5), (_t("09:00"), _t("17:00")), (15, 40)),
    "jugendtreff": Profile((4, 5), (_t("14:00"), _t("20:00")), (20, 40)),
    "gesundheit": Profile((1, 2), (_t("10:00"), _t("14:00")), None, "hours", (10, 40)),
}

# Relative weight of a Stadtteil when placing an offer; the rest weigh 1. Large estates
# and dense inner districts with much need weigh more; areas without residents nothing.
STADTTEIL_WEIGHT: dict[str, float] = {
    "33": 0.0,  # Flughafen/Industriegebiet Klotzsche
    "34": 0.0,  # Hellerberge
    "44": 0.0,  # Dresdner Heide
    "06": 3.0,  # Johannstadt-Nord
    "07": 2.5,  # Johannstadt-Süd
    "05": 2.0,  # Friedrichstadt
    "21": 2.0,  # Pieschen-Süd
    "25": 2.0,
    "61": 2.5,  # Leuben
    "71": 3.0,  # Prohlis-Nord
    "72": 3.0,  # Prohlis-Süd
    "77": 2.0,  # Reick
    "92": 2.0,  # Löbtau-Nord
    "93": 2.0,
    "95": 3.0,  # Gorbitz-Süd
    "96": 3.0,  # Gorbitz-Ost
    "97": 2.5,
    "86": 1.5,  # Plauen
    "91": 2.0,  # Cotta
}
# Stadtbezirke (first digit of the Stadtteil code) whose meal-offer need the concept names.
MEAL_GAP_DISTRICTS = ("6", "8", "9")  # Leuben, Plauen, Cotta

STREETS = (
    "Hauptstraße",
    "Schulstraße",
    "Lindenstraße",
    "Gartenstraße",
    "Bahnhofstraße",
    "Kirchstraße",
    "Wiesenweg",
    "Am Markt",
    "Birkenweg",
    "Feldstraße",
    "Bergstraße",
    "Ringstraße",
    "Parkstraße",
    "Elbstraße",
    "Mühlenweg",
)
