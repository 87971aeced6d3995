"""Load Dresden (the repository's open data) and Leipzig (shared open data), and the demo logins.

Everything goes through the same importers and actions a city would use, so the demo
also proves that path. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from sozialplanung.areas import actions
from sozialplanung.areas.actions import ChangeCount
from sozialplanung.areas.importers import IndicatorMapping, import_areas, import_indicators
from sozialplanung.areas.models import Area, AreaLevel
from sozialplanung.core.actions import create_municipality, create_user
from sozialplanung.core.audit import Process
from sozialplanung.core.imports import read_table
from sozialplanung.core.imports.results import german_int
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Role
from sozialplanung.demo import (
    council,
    domains,
    evidence,
    measures,
    needs,
    offers,
    public_follow,
    scenario,
    second_factor,
)

# The mappings and small reference tables of the demo (not the open data themselves).
DEMO_DIR = Path(__file__).resolve().parent / "data"
ACTOR = Process("Demo")
Out = Callable[[str], None]

DRESDEN_SOURCE = "Landeshauptstadt Dresden, dl-de/by-2-0"
DRESDEN_FORECAST_FILE = (
    "einwohner-prognose_md9_open_data_stadtbezirk_mit_zugeordneten_ortschaften_-_gerundet.csv"
)
DRESDEN_VALID_FROM = dt.date(2024, 3, 15)  # "aend" of every Stadtteil in the source
LEIPZIG_SOURCE = (
    "Stadt Leipzig, Amt für Statistik und Wahlen (Geometrien über"
    " xbyjoex/ComputationalSpatialHumanities, Herkunft nicht dokumentiert)"
)
# The Leipzig files are the state of 2024; the boundaries carry no date of their own.
LEIPZIG_VALID_FROM = dt.date(2024, 1, 1)
# Stadtteile the statistics office publishes only inside a neighbour (SOURCES.md).
DRESDEN_REPORTED_WITH = {"33": "31", "34": "31", "44": "42"}

# German role names as DOMAIN.md lists them, for the printed table of logins.
ROLE_NAMES = {
    Role.SOZIALPLANUNG: "Sozialplanung",
    Role.FACHAMT: "Fachamt",
    Role.TRAEGER: "Träger",
    Role.STADTRAT: "Stadtrat",
    Role.ADMIN: "Admin",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    municipality: str  # slug, "" for the administrator
    office: str = ""

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[Role(self.role)]


DEMO_LOGINS = [
    DemoLogin("planung", Role.SOZIALPLANUNG, "dresden"),
    DemoLogin("fachamt", Role.FACHAMT, "dresden", office="Sozialamt"),
    DemoLogin("traeger", Role.TRAEGER, "dresden"),
    DemoLogin("stadtrat", Role.STADTRAT, "dresden"),
    DemoLogin("admin", Role.ADMIN, ""),
    DemoLogin("planung-leipzig", Role.SOZIALPLANUNG, "leipzig"),
]


def load_demo(data_dir: Path, out: Out = print) -> list[DemoLogin]:
    """Load both cities and the logins; ``out`` receives one German line per step.

    Dresden comes from ``settings.OPEN_DATA_DIR``; ``data_dir`` holds ``leipzig/``, which
    the repository may not redistribute (licence unclear).
    """
    load_dresden(settings.OPEN_DATA_DIR / "dresden", out)
    load_leipzig(data_dir / "leipzig", out)
    create_demo_logins(out)
    second_factor.give_devices([login.username for login in DEMO_LOGINS], out)
    # Council papers and resolution control; the status reports need the demo logins.
    council.load(out)
    # The public pages "Was wurde aus …?" of Dresden (after the council's resolutions).
    public_follow.load(out)
    # Offers: Leipzig's afeefa directory and Dresden's example offers (after the logins).
    offers.load(out, data_dir)
    # Needs: Richtwerte, gap weights and the social index configuration (after offers).
    needs.load(out)
    # Planning domains of Dresden's categories and indicators, one example analysis per
    # domain (after the Richtwerte; before measures, which cite gaps).
    domains.load(out)
    # Measures, budget and grants: plans of the council's resolutions, gaps (after needs).
    measures.load(out)
    # The evidence list the Sozialraumbericht cites (after the planning domains).
    evidence.load(out)
    # The example scenario of Dresden; a demo measure cites it (after measures).
    scenario.load(out)
    return DEMO_LOGINS


def _levels(municipality: Municipality, finest: tuple[str, str, str]) -> None:
    for slug, name, plural, depth in (
        ("stadt", "Stadt", "Stadt", 0),
        ("stadtbezirk", "Stadtbezirk", "Stadtbezirke", 1),
        (*finest, 2),
    ):
        actions.define_level(municipality, slug, name, depth, name_plural=plural, acting_user=ACTOR)


def _indicators(
    municipality: Municipality, label: str, files: list[Path], mapping: str, out: Out
) -> None:
    rules = IndicatorMapping.from_file(DEMO_DIR / mapping)
    for path in files:
        result = import_indicators(
            path, municipality=municipality, mapping=rules, acting_user=ACTOR
        )
        # The portal's file names are long; the year in them is what tells them apart.
        year = re.search(r"_(\d{4})_", path.name)
        out(f"{municipality.name}: {label}{f' {year[1]}' if year else ''} … {result.summary()}")


def _derive(
    municipality: Municipality,
    child: str,
    parent: str,
    names: dict[str, str],
    valid_from: dt.date,
    source: str,
    out: Out,
    prefix_length: int = 1,
    single_code: str = "",
) -> None:
    """Dissolve child areas into their parents and say how many parents are new."""
    child_level = AreaLevel.objects.get(municipality=municipality, slug=child)
    parent_level = AreaLevel.objects.get(municipality=municipality, slug=parent)
    before = Area.objects.filter(level=parent_level).count()
    count: ChangeCount = actions.derive_parent_areas(
        child_level,
        parent_level,
        prefix_length=prefix_length,
        single_code=single_code,
        names=names,
        valid_from=valid_from,
        source=source,
        acting_user=ACTOR,
    )
    new = Area.objects.filter(level=parent_level).count() - before
    state = "geändert" if count.updated else "unverändert"
    out(
        f"{municipality.name}: {parent_level.name_plural} aus den {child_level.name_plural}n"
        f" gebildet … {german_int(new)} neu" + ("" if new else f", {state}")
    )


def load_dresden(folder: Path, out: Out = print) -> Municipality:
    dresden = create_municipality("dresden", "Dresden", ags="14612000", acting_user=ACTOR)
    _levels(dresden, ("stadtteil", "Stadtteil", "Stadtteile"))
    result = import_areas(
        folder / "stadtteile.geojson",
        municipality=dresden,
        level_slug="stadtteil",
        code_field="blocknr",
        name_field="bez",
        long_name_field="bez_lang",
        valid_from=DRESDEN_VALID_FROM,
        source=DRESDEN_SOURCE,
        acting_user=ACTOR,
    )
    out(f"Dresden: Stadtteile … {result.summary()}")
    names = {
        row.text("code"): row.text("name")
        for row in read_table(DEMO_DIR / "dresden_stadtbezirke.csv").rows
    }
    _derive(dresden, "stadtteil", "stadtbezirk", names, DRESDEN_VALID_FROM, DRESDEN_SOURCE, out)
    _derive(
        dresden,
        "stadtbezirk",
        "stadt",
        {"14612000": "Dresden"},
        DRESDEN_VALID_FROM,
        DRESDEN_SOURCE,
        out,
        prefix_length=0,
        single_code="14612000",
    )
    stadtteile = {
        a.code: a for a in Area.objects.filter(level__municipality=dresden, level__slug="stadtteil")
    }
    changed = 0
    for code, target in DRESDEN_REPORTED_WITH.items():
        area = stadtteile[code]
        if area.reported_with_id != stadtteile[target].id:
            actions.set_reported_with(area, stadtteile[target], acting_user=ACTOR)
            changed += 1
    out(f"Dresden: Stadtteile 33, 34 in 31 und 44 in 42 veröffentlicht … {changed} geändert")
    _indicators(
        dresden,
        "Einwohner",
        sorted(folder.glob("einwohner___md_34e_*.csv")),
        "dresden_einwohner.json",
        out,
    )
    _indicators(
        dresden,
        "Alleinerziehende",
        sorted(folder.glob("einwohner_-_haushalte_md233_*.csv")),
        "dresden_alleinerziehende.json",
        out,
    )
    _indicators(
        dresden,
        "Arbeitslose je Quartal",
        [folder / "arbeitslose_2018ff_md1_quartalszahlen.csv"],
        "dresden_arbeitslose.json",
        out,
    )
    # The city's population forecast per Stadtbezirk: forecast values of "einwohner".
    _indicators(
        dresden,
        "Bevölkerungsprognose 2025–2040",
        [folder / DRESDEN_FORECAST_FILE],
        "dresden_prognose.json",
        out,
    )
    _indicators(
        dresden,
        "Gemeldete Bedarfe (intern, erfunden)",
        [DEMO_DIR / "dresden_gemeldete_bedarfe.csv"],
        "dresden_gemeldete_bedarfe.json",
        out,
    )
    return dresden


def load_leipzig(folder: Path, out: Out = print) -> Municipality:
    leipzig = create_municipality("leipzig", "Leipzig", ags="14713000", acting_user=ACTOR)
    _levels(leipzig, ("ortsteil", "Ortsteil", "Ortsteile"))
    result = import_areas(
        folder / "boundaries_geo.csv",
        municipality=leipzig,
        level_slug="ortsteil",
        code_field="code",
        name_field="name",
        geometry_field="geom",
        valid_from=LEIPZIG_VALID_FROM,
        source=LEIPZIG_SOURCE,
        acting_user=ACTOR,
    )
    out(f"Leipzig: Ortsteile … {result.summary()}")
    names = {
        row.text("code"): row.text("name")
        for row in read_table(folder / "boundaries.csv").rows
        if row.text("boundary_type") == "stadtbezirk"
    }
    _derive(leipzig, "ortsteil", "stadtbezirk", names, LEIPZIG_VALID_FROM, LEIPZIG_SOURCE, out)
    _derive(
        leipzig,
        "stadtbezirk",
        "stadt",
        {"14713000": "Leipzig"},
        LEIPZIG_VALID_FROM,
        LEIPZIG_SOURCE,
        out,
        prefix_length=0,
        single_code="14713000",
    )
    _indicators(
        leipzig,
        "Kennzahlen der Ortsteile 2024",
        [folder / "indicators_ortsteil.csv"],
        "leipzig_ortsteile.json",
        out,
    )
    # The published Stadtbezirk values equal the sums; imported values take precedence
    # over roll-ups, so they stand as the office published them.
    _indicators(
        leipzig,
        "Kennzahlen der Stadtbezirke 2024",
        [folder / "indicators_stadtbezirk_raw.csv"],
        "leipzig_stadtbezirke.json",
        out,
    )
    return leipzig


def create_demo_logins(out: Out = print) -> None:
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    for login in DEMO_LOGINS:
        create_user(
            login.username,
            password=settings.DEMO_PASSWORD,
            role=login.role,
            municipality=municipalities.get(login.municipality),
            office=login.office,
            is_staff=login.role == Role.ADMIN,
            is_superuser=login.role == Role.ADMIN,
            # The demo's password is published in the README: length would protect nothing.
            check_password=False,
            acting_user=ACTOR,
        )
    out(f"Anmeldungen … {len(DEMO_LOGINS)} bereit")


def logins_table(logins: list[DemoLogin]) -> str:
    """The German table the demo ends with."""
    password = settings.DEMO_PASSWORD
    lines = [f"{'Benutzername':<18} {'Passwort':<10} {'Rolle':<22} Kommune"]
    for login in logins:
        city = login.municipality.capitalize() if login.municipality else "alle"
        office = f" ({login.office})" if login.office else ""
        lines.append(f"{login.username:<18} {password:<10} {login.role_name + office:<22} {city}")
    lines.append("Öffentlichkeit: ohne Anmeldung")
    return "\n".join(lines)
