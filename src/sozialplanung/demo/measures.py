"""Dresden's measures demo: two plans, the Doppelhaushalt 2025/2026, grants and forecasts.

What comes from the sample documents: the Fachplan Asyl und Integration 2022 (V2927/19)
with its fields of action, the measures, their status and sentences of the resolution
control letter of 13.11.2019 (sample 004), 700 first assignments in 2019, and the key
figure "440 → 507" refugees in self-rented housing; the Fachkonzept sonstiger sozialer
Angebote (V2696/24) with the meal offers in Leuben, Plauen and Cotta in priority 3
"Sozialplanerische Bedarfe" of the Doppelhaushalt 2025/2026 and the Jobcenter measure
(sample 001). Everything else is example data and says so ("Beispielwert der Demo"):
measure numbers, costs, budget amounts, grants (to the invented example providers),
indexing scenarios, the further candidate measures and the forecast values beyond 2019.

The meal forecast is taken over the Stadtteile the three meal measures serve (those with
a Mittagstisch deficit), not over the whole districts: the districts' seats lie in a few
Stadtteile (Großzschachwitz, Gorbitz, Cossebaude), so their totals would hide the gap.
Everything goes through ``measures.actions``; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sozialplanung.areas.models import Area
from sozialplanung.core.actions import define_office
from sozialplanung.core.audit import Process
from sozialplanung.core.models import AuditEntry, Municipality, Office
from sozialplanung.council.models import Resolution, ResolutionItem
from sozialplanung.demo.council import (
    GB5,
    OFFICES,
    V2696_LETTER_DATE,
    V2696_REPORTS,
    V2927_LETTER_DATE,
)
from sozialplanung.measures import actions
from sozialplanung.measures.actions import CostRecord, GapRecord
from sozialplanung.measures.models import (
    BudgetLine,
    FieldOfAction,
    Forecast,
    FundingSource,
    Measure,
    MeasureCost,
    Plan,
)
from sozialplanung.needs.compute import analyse
from sozialplanung.offers.models import Offer, OfferCategory

ACTOR = Process("Demo")
Out = Callable[[str], None]
S = Measure.Status
EXAMPLE = "Beispielwert der Demo"
EXAMPLES = "Beispielwerte der Demo"
INVENTED = "Beispielmaßnahme der Demo (erfunden, nicht aus den Ratsdokumenten)."
SOURCE_2019 = "Beschlusskontrolle zu V2927/19 vom 13.11.2019"
SOURCE_2024 = "Beschlusskontrolle zu V2696/24 vom 08.10.2024"
DEMO: dict[str, Any] = {"acting_user": ACTOR}


def money(value: float | str, places: str = "0.01") -> Decimal:
    """A decimal as the database stores it, so that a second run compares equal."""
    return Decimal(str(value)).quantize(Decimal(places))


def yearly(amount: int, first: int, last: int | None = None, source: str = "kommune") -> CostRecord:
    label = "Mikroprojekte (SächsKomPauschVO)" if source == FundingSource.STATE else "Laufend"
    return CostRecord(money(amount), first, True, last, source=source, label=f"{label} – {EXAMPLE}")


def once(amount: int, year: int, investive: bool = True) -> CostRecord:
    nature = MeasureCost.Nature.INVESTIVE if investive else MeasureCost.Nature.CONSUMPTIVE
    label = "Ausstattung (einmalig)" if investive else "Einmalig"
    return CostRecord(money(amount), year, nature=nature, label=f"{label} – {EXAMPLE}")


@dataclass(frozen=True)
class Spec:
    """A measure of the Fachplan Asyl as the letter of 13.11.2019 reports it."""

    number: str
    title: str
    office: str
    status: str
    start: str = ""
    due: str = ""
    note: str = ""  # the letter's sentence, as the status entry
    costs: tuple[CostRecord, ...] = ()
    capacity: int | None = None
    extra: str = ""  # what of the measure is example data


@dataclass(frozen=True)
class Candidate:
    """An additional-need measure: yearly cost from 2025, one-off investment in 2025."""

    number: str
    title: str
    priority: int
    cost: int
    invest: int
    gaps: dict[str, float] = field(default_factory=dict)  # Stadtteil code → added per week
    mandatory: bool = False
    requires: str = ""


# fmt: off
# --- Fachplan Asyl und Integration 2022 (sample 004) ---------------------------------------
# Start 2019-Q1: item 2 sets the period 2019 to 2020; due 2019-Q3: "Bis zum III. Quartal 2019
# terminierte Maßnahmen"; what the letter reports as being prepared is due at the end of 2020.
SA = "Sozialamt"
ASYL: dict[str, list[Spec]] = {
    "Migrationssozialarbeit (MSA)": [
        Spec("1.1", "Ausschreibung und Beauftragung der Migrationssozialarbeit (vier freie Träger)", SA, S.DONE, "2019-Q1", "2019-Q3",
             "Im Handlungsfeld Migrationssozialarbeit (MSA) ist im Berichtszeitraum die Ausschreibung, Auswahl und Beauftragung von vier freien Trägern mit der Leistungserbringung erfolgt. Seit Juli 2019 wird die personenzentrierte bedarfsgerechte Betreuung umgesetzt."),
        Spec("1.2", "Grundleistungen der MSA: 40 Stunden je neu zugewiesenem Geflüchteten für ein Jahr", SA, S.IN_PROGRESS, "2019-Q3", "2019-Q3",
             "Jeder neu zugewiesene Geflüchtete erhält Grundleistungen in einem Umfang von 40 h für ein Jahr. Fachleistungen werden auf Basis einer Anzeige der MSA geprüft und im notwendigen Umfang durch das Sozialamt bewilligt.",
             (yearly(850_000, 2019, 2022),), extra="Kosten"),
        Spec("1.3", "Offene Sprechzeiten der MSA in den Regionen", SA, S.IN_PROGRESS, "2019-Q1", "2019-Q3",
             "Offene Sprechzeiten in den Regionen ergänzen das bedarfsgerechte Angebot."),
        Spec("1.4", "Rückkehrberatung im Sozialamt: Besetzung der Stelle", SA, S.DONE, "2019-Q1", "2019-Q3",
             "Zur Gewährleistung der Rückkehrberatung durch das Sozialamt erfolgt per 1. November 2019 die Stellenbesetzung mit einem/r Mitarbeiter/-in. Die spezifische und aktuelle Kommunikation und Information zur Rückkehrberatung wird damit auch zur MSA gesichert.",
             (yearly(62_000, 2019, 2022),), extra="Kosten"),
    ],
    "Bürgerschaftliches Engagement": [
        Spec("2.1", "Plattform „www.ehrensache.jetzt“ für neue Helferinnen und Helfer", GB5, S.DONE, "2019-Q1", "2019-Q3",
             "Im Handlungsfeld bürgerschaftliches Engagement können mit der Einrichtung der neuen Plattform „www.ehrensache.jetzt“ neue Helfer/-innen gewonnen werden. Von diesem Zugang zum bürgerschaftlichen Engagement profitieren auch Stadtteilvereine (ehemals Willkommensbündnisse)."),
        Spec("2.2", "Modellprojekt mit fünf Ehrenamtsvereinen", GB5, S.IN_PROGRESS, "2019-Q1", "2019-Q3",
             "Zur Sicherung vorhandener Ehrenamtsstrukturen ist ein Modellprojekt mit fünf Ehrenamtsvereinen in Umsetzung. Den im Bereich Integration sehr engagierten Vereinen werden für die Bewältigung der Aufgaben anteilmäßig personelle Kapazitäten zur Verfügung gestellt. Mit der Verwendung von finanziellen Mitteln für Mikroprojekte aus der Sächsischen Kommunalpauschalenverordnung (SächsKomPauschVO) wird eine Verstetigung der Angebote ermöglicht.",
             (yearly(60_000, 2019, 2022, FundingSource.STATE),), extra="Kosten"),
        Spec("2.3", "Unterstützung neu gegründeter Vereine von Migrantinnen und Migranten", GB5, S.IN_PROGRESS, "2019-Q1", "2019-Q3",
             "In den letzten neun Monaten haben sich zahlreiche Gruppen und Initiativen aus dem Bereich der Migranten/-innen als Vereine gegründet, die einen großen Unterstützungs- und Informationsbedarf haben, u. a. hinsichtlich der Nutzung vorhandener Räume. Einige Bedarfe konnten durch Zugang zu Fördermitteln und Vernetzung mit anderen Trägern gelöst werden."),
    ],
    "Wohnen und Unterbringung": [
        Spec("3.1", "Sicherung der bedarfsgerechten Unterbringung", SA, S.IN_PROGRESS, "2019-Q1", "2019-Q3",
             "Im Handlungsfeld Wohnen und Unterbringung wurde die Sicherung der bedarfsgerechten Unterbringung gewährleistet. Durch vorhandene ausreichende Kapazitäten war ebenso eine kontinuierliche Unterbringung der Geflüchteten (ohne unterbringungsbezogene Umzüge) möglich. Die Prognose von ca. 700 Erstzuweisungen im Jahr 2019 entspricht der bisherigen landesseitigen Zuweisung.",
             capacity=0, extra="Sichert die vorhandenen Plätze; ihre Zahl und die Prognose ab 2020"),
        Spec("3.2", "Kapazitätsanpassung der vorhandenen Überkapazitäten", SA, S.PLANNED, "2020-Q1", "2020-Q4",
             "Eine Kapazitätsanpassung der vorhandenen Überkapazitäten wird unter Beachtung möglicher Entwicklungen vorbereitet.",
             capacity=-300, extra="Abbau von 300 Plätzen"),
        Spec("3.3", "Aktive Förderung selbst angemieteten Wohnraums", SA, S.IN_PROGRESS, "2019-Q1", "2019-Q3",
             "Die aktive Förderung selbstangemieteten Wohnraums zeigt einen Anstieg von 440 Geflüchteten im Januar 2019 auf 507 im September 2019. Die Themen Mieterpflichten (Müll, Energieverbrauch, Ruhezeiten u. a.) sowie Nachbarschaft sind ein Schwerpunkt im Rahmen der Migrationssozialarbeit."),
        Spec("3.4", "Wohnführerschein: Module mit der Verbraucherzentrale Sachsen", SA, S.PLANNED, "2020-Q1", "2020-Q4",
             "Darüber hinaus sind mit der Verbraucherzentrale Sachsen thematische Module für Multiplikatoren und Geflüchtete in Vorbereitung, die den Wohnführerschein und mietgerechtes Verhalten unterstützen werden.",
             (once(8_500, 2020, investive=False),), extra="Kosten"),
    ],
    "Gesundheit": [
        Spec("4.1", "Rahmenvereinbarung elektronische Gesundheitskarte", GB5, S.IN_PROGRESS, "2019-Q1", "2019-Q3",
             "Im Handlungsfeld Gesundheit sind die Verhandlungen zur Rahmenvereinbarung elektronische Gesundheitskarte im Wesentlichen abgeschlossen. Das Dokument ist derzeit im Umlauf bei den beteiligten Krankenkassen sowie der Landeshauptstadt Dresden. Am 12. Dezember 2019 soll der Stadtrat abschließend entscheiden."),
    ],
}
# Forecast of first assignments: 2019 from the letter; the other years and the places
# existing in 2019 are example values.
ASYL_FORECAST = {2019: (700, 1000), 2020: (700, None), 2021: (650, None), 2022: (650, None)}
HOUSING_FIGURE = "Geflüchtete in selbst angemietetem Wohnraum"

# --- Fachkonzept sonstiger sozialer Angebote (V2696/24, sample 001) ------------------------
# Fields: meals, Beratung (Sozialberatung), Tafel, Begegnung (Seniorentreff), employment.
FIELDS = ["Mahlzeitenangebote", "Beratung", "Versorgung (Tafel)", "Begegnung",
          "Öffentlich geförderte Beschäftigung"]
CATEGORY = {"Mahlzeitenangebote": "mittagstisch", "Beratung": "sozialberatung",
            "Versorgung (Tafel)": "tafel", "Begegnung": "seniorentreff"}
# The letter's sentences on items 2 and 3, as the council demo stores them.
NOTES = {number: text for number, _status, text in V2696_REPORTS}
JOBCENTER_TITLE = ("Öffentlich geförderte Beschäftigung in den sonstigen sozialen Angeboten "
                   "(Trägerversammlung des Jobcenters)")
MEALS = [
    Candidate("1.1", "Mittagstisch im Sozialbezirk Leuben", 3, 28_000, 15_000, {"61": 63, "62": 57}),
    Candidate("1.2", "Mittagstisch im Sozialbezirk Plauen", 3, 36_000, 22_000, {"81": 72, "86": 57, "83": 21}),
    Candidate("1.3", "Mittagstisch im Sozialbezirk Cotta", 3, 34_000, 0, {"93": 58, "91": 56, "92": 36}),
]
CANDIDATES = {
    "Beratung": [
        Candidate("2.1", "Offene Sozialberatung Leuben und Laubegast", 3, 21_000, 0, {"61": 6, "62": 4}),
        Candidate("2.2", "Sozialberatung Südvorstadt-West und Plauen", 3, 27_000, 0, {"81": 7, "86": 5}),
        Candidate("2.3", "Mobile Sozialberatung Cotta, Löbtau und Briesnitz", 3, 48_000, 0, {"91": 5.5, "93": 5.5, "92": 4.5, "98": 5}),
        Candidate("2.4", "Fortführung der Sozialberatung Leubnitz-Neuostra und Strehlen", 2, 34_000, 0, {"75": 6.5, "76": 5.5}, mandatory=True),
    ],
    "Versorgung (Tafel)": [
        Candidate("3.1", "Kühlzelle und Kühlfahrzeug für neue Tafel-Ausgabestellen", 3, 7_000, 78_000),
        Candidate("3.2", "Tafel-Ausgabestelle Leuben und Laubegast", 3, 31_000, 0, {"61": 12, "62": 11.5}, requires="3.1"),
        Candidate("3.3", "Tafel-Ausgabestelle Prohlis", 2, 29_000, 0, {"72": 9, "71": 6}),
        Candidate("3.4", "Tafel-Ausgabestelle Gorbitz", 3, 33_000, 0, {"95": 9, "97": 6.5}),
    ],
    "Begegnung": [
        Candidate("4.1", "Seniorentreff Gorbitz-Ost", 3, 24_000, 0, {"96": 25}),
        Candidate("4.2", "Stadtteiltreff mit Seniorencafé Südvorstadt", 3, 74_000, 26_000, {"81": 55, "82": 20}),
        Candidate("4.3", "Begegnungsstätte Briesnitz und Naußlitz", 3, 80_000, 0, {"98": 44, "94": 35}),
        Candidate("4.4", "Ehrenamtlicher Seniorentreff Großzschachwitz", 3, 8_500, 0, {"64": 24}),
    ],
}
MEAL_TEXT = ("Sachstand V2696/24: in Priorität 3 des Doppelhaushalts 2025/2026 enthalten. "
             f"Standorte, Plätze, Termine und Kosten: {EXAMPLES}.")
MEAL_FORECAST = "Mittagstischplätze Leuben, Plauen, Cotta"
MEAL_YEARS = range(2025, 2029)

# --- Budget and grants ----------------------------------------------------------------------
# Priority 3 is named in sample 001; 1 and 2 are the demo's names.
PRIORITIES = {1: "Bestand erhalten", 2: "Unabweisbare Mehrbedarfe", 3: "Sozialplanerische Bedarfe"}
BUDGET = "Doppelhaushalt 2025/2026"
# key → (priority, code, title, planned 2025, planned 2026); all amounts are example values.
LINES = {
    "bestand": (1, "P1-FFRL", "Zuwendungen nach Fachförderrichtlinie Soziales: bestehende Angebote", 380_000, 400_000),
    "mehrbedarf": (2, "P2-SOZ", "Unabweisbare Mehrbedarfe des Sozialamts", 55_000, 60_000),
    "mahlzeiten": (3, "P3-MZ", "Sozialplanerische Bedarfe: Mahlzeitenangebote Leuben, Plauen, Cotta", 150_000, 110_000),
    "weitere": (3, "P3-WB", "Sozialplanerische Bedarfe: weitere Angebote", 250_000, 250_000),
}
GUIDELINE = ("Fachförderrichtlinie Soziales", "FFRL Soziales")
# Example offer → (granted every year, personnel share): years of stagnation (sample 003).
GRANTS = {
    "angebot-005": (42_000, "0.80"), "angebot-058": (36_500, "0.75"),
    "angebot-001": (28_000, "0.70"), "angebot-068": (31_000, "0.78"),
    "angebot-043": (24_500, "0.72"), "angebot-054": (45_000, "0.82"),
    "angebot-009": (33_500, "0.76"), "angebot-022": (38_000, "0.74"),
    "angebot-025": (52_000, "0.71"), "angebot-104": (61_000, "0.85"),
}
GRANT_YEARS = range(2019, 2027)
PAID_UNTIL = 2025  # 2026 is still running: nothing counted as paid yet
SCENARIOS = [("Tarif 2025: Personal 3,5 %, Sachkosten 2,0 %", "3.5", "2.0"),
             ("Moderat: Personal 2,5 %, Sachkosten 1,5 %", "2.5", "1.5")]
# slug → (adopting paper, title, description, fields of action)
PLANS = {
    "fachplan-asyl-2022": (
        "V2927/19", "Fachplan Asyl und Integration 2022",
        f"Vom Stadtrat mit V2927/19 bestätigt. Maßnahmen und Sachstand nach der {SOURCE_2019}; "
        f"Nummern, Kosten und Prognosewerte außer 2019 sind {EXAMPLES}.", list(ASYL)),
    "fachkonzept-sonstige-soziale-angebote": (
        "V2696/24", "Fachkonzept sonstiger sozialer Angebote für Dresden – Sozialplanerisches "
        "Handlungskonzept",
        f"Vom Stadtrat mit V2696/24 beschlossen. Sachstand nach der {SOURCE_2024}; Standorte, "
        f"Plätze, Termine, Kosten und die weiteren Maßnahmen sind {EXAMPLES}.", FIELDS),
}
# fmt: on


def load(out: Out = print) -> None:
    """The measures and budget demo of Dresden (after council, offers and needs)."""
    dresden = Municipality.objects.filter(slug="dresden").first()
    if dresden is None:
        return
    before = AuditEntry.objects.count()
    actions.save_priorities(dresden, PRIORITIES, **DEMO)
    lines = _budget(dresden)
    _asyl(dresden)
    _fachkonzept(dresden, lines)
    _grants(dresden, lines["bestand"])
    plans = Plan.objects.filter(municipality=dresden)
    measures = Measure.objects.filter(field_of_action__plan__in=plans).count()
    out(
        f"Dresden: Maßnahmen und Haushalt … {plans.count()} Pläne, {measures} Maßnahmen, "
        f"Doppelhaushalt 2025/2026 mit {len(lines)} Haushaltszeilen ({EXAMPLES}); "
        f"{AuditEntry.objects.count() - before} Einträge im Änderungsprotokoll"
    )


def _office(municipality: Municipality, name: str) -> Office:
    found = Office.objects.filter(municipality=municipality, name=name).first()
    return found or define_office(
        municipality, name, short_name=dict(OFFICES)[name], acting_user=ACTOR
    )


def _items(municipality: Municipality, reference: str, number: str) -> list[ResolutionItem]:
    items = ResolutionItem.objects.filter(resolution__municipality=municipality, number=number)
    return list(items.filter(resolution__paper__reference=reference))


def _plan(municipality: Municipality, slug: str) -> Plan:
    reference, title, description, fields = PLANS[slug]
    resolution = Resolution.objects.filter(municipality=municipality, paper__reference=reference)
    return actions.save_plan(municipality, slug, title=title, description=description,
                             resolution=resolution.first(), fields=fields, **DEMO)  # fmt: skip


def _stadtteil(municipality: Municipality, code: str) -> Area:
    return Area.objects.get(municipality=municipality, level__slug="stadtteil", code=code)


def _status(measure: Measure, day: dt.date, note: str) -> None:
    """The letter's sentence as the status entry of its day (once)."""
    if note and not measure.updates.filter(date=day, status=measure.status).exists():
        actions.record_measure_update(measure, date=day, status=measure.status, note=note, **DEMO)


def _budget(dresden: Municipality) -> dict[str, BudgetLine]:
    budget = actions.save_budget(dresden, BUDGET, first_year=2025, last_year=2026, **DEMO)
    priorities = {p.number: p for p in dresden.budget_priorities.all()}
    return {
        key: actions.save_budget_line(budget, priority=priorities[number], code=code,
                                      title=f"{title} ({EXAMPLES})",
                                      amounts={2025: money(first), 2026: money(second)}, **DEMO)
        for key, (number, code, title, first, second) in LINES.items()
    }  # fmt: skip


def _asyl(dresden: Municipality) -> None:
    plan = _plan(dresden, "fachplan-asyl-2022")
    forecast = actions.save_forecast(
        dresden, "Erstzuweisungen Geflüchteter", unit="Personen bzw. Plätze",
        source=f"2019: Prognose laut {SOURCE_2019}; übrige Jahre und vorhandene Plätze: {EXAMPLES}",
        years={y: (money(d, "0.1"), None if e is None else money(e, "0.1"))
               for y, (d, e) in ASYL_FORECAST.items()}, **DEMO,
    )  # fmt: skip
    item = _items(dresden, "V2927/19", "2")
    for name, specs in ASYL.items():
        field_ = FieldOfAction.objects.get(plan=plan, name=name)
        for spec in specs:
            bound = spec.capacity is not None
            values = {
                "description": f"Quelle: {SOURCE_2019}."
                + (f" {spec.extra}: {EXAMPLES}." if spec.extra else ""),
                "responsible_office": _office(dresden, spec.office),
                "start_quarter": spec.start,
                "due_quarter": spec.due,
                "status": spec.status,
                "capacity": money(spec.capacity, "0.1") if spec.capacity is not None else None,
                "capacity_unit": "Plätze" if bound else "",
                "forecast": forecast if bound else None,
            }
            measure = actions.save_measure(field_, title=spec.title, number=spec.number,
                                           values=values, resolution_items=item,
                                           costs=spec.costs, **DEMO)  # fmt: skip
            _status(measure, V2927_LETTER_DATE, spec.note)
    housing = Measure.objects.get(field_of_action__plan=plan, number="3.3")
    actions.save_key_figure(
        housing, HOUSING_FIGURE, unit="Personen", source=SOURCE_2019,
        baseline=money(440), baseline_date=dt.date(2019, 1, 31),
        actuals=[(dt.date(2019, 9, 30), money(507), SOURCE_2019)], **DEMO,
    )  # fmt: skip


def _fachkonzept(dresden: Municipality, lines: dict[str, BudgetLine]) -> None:
    plan = _plan(dresden, "fachkonzept-sonstige-soziale-angebote")
    fields = {f.name: f for f in plan.fields.all()}
    categories = {c.slug: c for c in OfferCategory.objects.filter(municipality=dresden)}
    forecast = _meal_forecast(dresden, categories["mittagstisch"])
    made: dict[str, Measure] = {}
    for name, candidates in [("Mahlzeitenangebote", MEALS), *CANDIDATES.items()]:
        meal = name == "Mahlzeitenangebote"
        for c in candidates:
            line = lines["mehrbedarf" if c.priority == 2 else "mahlzeiten" if meal else "weitere"]
            values = {
                "description": MEAL_TEXT if meal else INVENTED,
                "responsible_office": _office(dresden, SA),
                "status": S.PLANNED,
                "start_quarter": "2025-Q2",
                "due_quarter": "2025-Q4",
                "mandatory": c.mandatory,
                "budget_line": line,
                "capacity": money(sum(c.gaps.values()), "0.1") if meal else None,
                "capacity_unit": "Plätze je Woche" if meal else "",
                "forecast": forecast if meal else None,
            }
            gaps = [
                GapRecord(_stadtteil(dresden, code), categories[CATEGORY[name]], money(n, "0.1"))
                for code, n in c.gaps.items()
            ]
            costs = [yearly(c.cost, 2025)] + ([once(c.invest, 2025)] if c.invest else [])
            made[c.number] = actions.save_measure(
                fields[name], title=c.title, number=c.number, values=values, gaps=gaps,
                costs=costs, resolution_items=_items(dresden, "V2696/24", "3") if meal else [],
                requires=[made[c.requires]] if c.requires else [], **DEMO,
            )  # fmt: skip
            _status(made[c.number], V2696_LETTER_DATE, NOTES["3"] if meal else "")
            if meal:
                _meal_figure(dresden, made[c.number], categories["mittagstisch"], c.gaps)
    values = {"description": f"Quelle: {SOURCE_2024}. Fällig zur nächsten Beschlusskontrolle "
              "am 30.09.2025.", "responsible_office": _office(dresden, GB5),
              "status": S.IN_PROGRESS, "start_quarter": "2024-Q3", "due_quarter": "2025-Q3"}  # fmt: skip
    jobcenter = actions.save_measure(
        fields["Öffentlich geförderte Beschäftigung"], number="5.1", title=JOBCENTER_TITLE,
        values=values, resolution_items=_items(dresden, "V2696/24", "2"), **DEMO,
    )  # fmt: skip
    _status(jobcenter, V2696_LETTER_DATE, NOTES["2"])


def _meal_figure(
    dresden: Municipality, measure: Measure, category: OfferCategory, gaps: dict[str, float]
) -> None:
    """Seats a week in the Stadtteile the measure serves: today's supply as baseline, the
    Richtwert requirement as target (a planning target of the demo), no actual yet."""
    found = analyse(dresden, category, None).gaps
    coverage = [found[_stadtteil(dresden, code).pk].coverage for code in sorted(gaps)]
    actions.save_key_figure(
        measure, f"Mittagstischplätze je Woche in den Stadtteilen {', '.join(sorted(gaps))}",
        unit="Plätze je Woche", baseline=money(round(sum(c.supply for c in coverage))),
        baseline_date=V2696_LETTER_DATE,
        target=money(round(sum(c.required or 0 for c in coverage))),
        target_date=dt.date(2026, 12, 31),
        source=f"Ausgangswert: Angebotsbestand (Beispieldaten); Zielwert: Richtwert × "
        f"Einwohner, {EXAMPLES}", **DEMO,
    )  # fmt: skip


def _meal_forecast(dresden: Municipality, category: OfferCategory) -> Forecast:
    """Richtwert requirement and current seats of the Stadtteile the meal measures serve."""
    codes = sorted(code for meal in MEALS for code in meal.gaps)
    gaps = analyse(dresden, category, None).gaps
    coverage = [gaps[_stadtteil(dresden, code).pk].coverage for code in codes]
    required = money(round(sum(c.required or 0 for c in coverage)), "0.1")
    existing = money(round(sum(c.supply for c in coverage)), "0.1")
    return actions.save_forecast(
        dresden, MEAL_FORECAST, unit="Plätze je Woche",
        source=f"Richtwert × Einwohner der Stadtteile {', '.join(codes)} (Lückenanalyse "
        f"Mittagstisch); ab 2026 unverändert fortgeschrieben ({EXAMPLES})",
        years={year: (required, existing) for year in MEAL_YEARS}, **DEMO,
    )  # fmt: skip


def _grants(dresden: Municipality, line: BudgetLine) -> None:
    guideline = actions.save_guideline(dresden, GUIDELINE[0], short_name=GUIDELINE[1], **DEMO)
    offers = Offer.objects.filter(municipality=dresden, is_example=True).select_related("provider")
    by_key = {o.external_id.removeprefix("beispiel-dresden:"): o for o in offers}
    for key, (granted, share) in GRANTS.items():
        offer = by_key.get(key)
        for year in GRANT_YEARS if offer else []:
            # Applications follow costs (+3 % a year); the grant stays where it was.
            actions.save_grant(
                offer.provider, guideline, year, offer=offer,
                applied=money(round(granted * 1.03 ** (year - 2019), -2)),
                granted=money(granted), paid=money(granted) if year <= PAID_UNTIL else None,
                personnel_share=money(share, "0.001"),
                budget_line=line if year in line.budget.years else None, **DEMO,
            )  # fmt: skip
    for name, personnel, material in SCENARIOS:
        actions.save_scenario(
            dresden, name, personnel_rate=money(personnel), material_rate=money(material),
            base_year=2019, note=f"Beispielszenario der Demo: Sätze angenommen ({EXAMPLES}).",
            **DEMO,
        )  # fmt: skip
