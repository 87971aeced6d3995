"""Dresden's council demo: the resolutions behind the sample documents, with their points,
consultation sequence and status history, so the generated letters can be compared
with the real ones (samples 000/001: V2696/24, 002: A0200/21, 004: V2927/19).

Texts are the printed ones with the OCR damage repaired by hand. Everything goes
through ``actions``; a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sozialplanung.core.actions import define_office
from sozialplanung.core.audit import Process
from sozialplanung.core.models import AuditEntry, Municipality, Office, User
from sozialplanung.core.visibility import Visibility
from sozialplanung.council import actions
from sozialplanung.council.actions import ConsultationRecord, ItemRecord
from sozialplanung.council.models import Body, Consultation, Paper, Resolution, StatusReport

ACTOR = Process("Demo")
BERLIN = ZoneInfo("Europe/Berlin")
Out = Callable[[str], None]
R = Consultation.Role

GB5 = "Geschäftsbereich Arbeit, Soziales, Gesundheit und Wohnen"
OFFICES = [
    ("Sozialamt", "50"),
    (GB5, "GB 5"),
    ("Jugendamt", "51"),
    ("Gesundheitsamt", "53"),
]
# Sample 000's Beratungsfolge names the first seven; the others are the further
# committees and advisory boards of the social field, and the local councils of the
# three social districts sample 001 names.
BODIES = [
    ("Stadtrat", Body.Kind.COUNCIL, "SR"),
    ("Leitungskonferenz", Body.Kind.ADMINISTRATION, "LK"),
    ("Ältestenrat", Body.Kind.OTHER, "ÄR"),
    ("Ausschuss für Soziales und Wohnen", Body.Kind.COMMITTEE, "SW"),
    ("Integrations- und Ausländerbeirat", Body.Kind.ADVISORY_BOARD, "IAB"),
    ("Seniorenbeirat", Body.Kind.ADVISORY_BOARD, "SenB"),
    ("Beirat für Menschen mit Behinderungen", Body.Kind.ADVISORY_BOARD, "BMB"),
    ("Ausschuss für Gesundheit", Body.Kind.COMMITTEE, "Ges"),
    ("Jugendhilfeausschuss", Body.Kind.COMMITTEE, "JHA"),
    ("Stadtbezirksbeirat Leuben", Body.Kind.LOCAL_COUNCIL, "SBR Leu"),
    ("Stadtbezirksbeirat Plauen", Body.Kind.LOCAL_COUNCIL, "SBR Pl"),
    ("Stadtbezirksbeirat Cotta", Body.Kind.LOCAL_COUNCIL, "SBR Co"),
]

V2696_SUBJECT = (
    "Fachkonzept sonstiger sozialer Angebote für Dresden - Sozialplanerisches Handlungskonzept"
)
V2696_ITEMS = [
    "Der Stadtrat beschließt das vorliegende Fachkonzept sonstiger sozialer Angebote für "
    "Dresden – Sozialplanerischer Handlungskonzept.",
    "Der Oberbürgermeister wird beauftragt, über die Trägerversammlung des Jobcenters Dresden "
    "darauf hinzuwirken, dass die durch das Jobcenter Dresden öffentlich geförderte Arbeit in "
    "sachdienlicher und geeigneter Weise in den im Konzept aufgezeigten sonstigen sozialen "
    "Angeboten verortet wird.",
    "Maßnahmen, welche zusätzliche finanzielle Auswirkungen nach sich ziehen, werden den "
    "jeweils zuständigen Gremien oder dem Stadtrat zur Beschlussfassung vorgelegt.",
]
# Sample 000, in order: body, planned date, public, role. "1. Lesung (federführend)"
# is stored as the first reading, "beratend (federführend)" as the lead consultation.
V2696_CONSULTATIONS = [
    ("Leitungskonferenz", dt.date(2024, 3, 26), False, R.ADVISORY),
    ("Ältestenrat", dt.date(2024, 4, 8), False, R.ADVISORY),
    ("Ausschuss für Soziales und Wohnen", dt.date(2024, 4, 23), False, R.FIRST_READING),
    ("Integrations- und Ausländerbeirat", dt.date(2024, 4, 24), True, R.ADVISORY),
    ("Seniorenbeirat", dt.date(2024, 5, 13), True, R.ADVISORY),
    ("Beirat für Menschen mit Behinderungen", dt.date(2024, 5, 15), True, R.ADVISORY),
    ("Ausschuss für Soziales und Wohnen", dt.date(2024, 5, 28), False, R.LEAD),
    ("Stadtrat", dt.date(2024, 6, 13), True, R.DECIDING),
]
# Sample 001, October 2024.
V2696_LETTER_DATE = dt.date(2024, 10, 8)
V2696_NEXT_CONTROL = dt.date(2025, 9, 30)
V2696_REPORTS = [
    ("1", StatusReport.Status.DONE, ""),
    (
        "2",
        StatusReport.Status.IN_PROGRESS,
        "In der Trägerversammlung erfolgt mit dem Jobcenter Dresden eine Prioritätensetzung "
        "zu öffentlich geförderter Beschäftigung, um die sonstigen sozialen Angebote in der "
        "Landeshauptstadt Dresden zu befördern, zu erhalten und personell zu unterstützen.",
    ),
    (
        "3",
        StatusReport.Status.IN_PROGRESS,
        "In der Fördervorlage des Sozialamts zur Förderung von Angeboten nach "
        "Fachförderrichtlinie Soziales (V0069/24, befindet sich im internen "
        "Geschäftsbereichsumlauf) ist die Schaffung von Angeboten von Mahlzeiten in den "
        "Sozialbezirken Leuben, Plauen und Cotta im Doppelhaushalt 2025/2026 in der "
        "Priorität 3 („Sozialplanerische Bedarfe“) der Mehrbedarfe enthalten.",
    ),
]

A0200_SUBJECT = "Sozial aus der Krise – Auswirkungen der Corona-Pandemie und des Lockdowns begegnen"
A0200_PREAMBLE = (
    "Es ist davon auszugehen, dass die Corona-Krise und die damit verbundenen "
    "Begleitmaßnahmen einige bestehende soziale und individuelle Problemlagen verschärft und "
    "neue bisher nicht vorhandene Risiken erzeugt haben. Um im weiteren Verlauf der Krise und "
    "ihrer Bewältigung adäquat auf mögliche neue soziale Herausforderungen eingehen und "
    "passende Unterstützungsangebote unterbreiten zu können, soll die Struktur der Angebote "
    "und sozialen Dienstleistungen in Dresden genau erfasst und auf ihre Passgenauigkeit auf "
    "die aktuellen Bedarfe überprüft werden.\n\nDer Oberbürgermeister wird beauftragt,"
)
A0200_ITEMS = [
    (
        "die einzelnen Bereiche der Sozialplanung, Jugendhilfeplanung, Planungen im Bereich der "
        "Gesundheitsprävention sowie Planungen des Jobcenters daraufhin zu prüfen, ob im "
        "Zusammenhang mit Corona und den damit verbundenen Begleitmaßnahmen bisher nicht "
        "erfasste Bedarfe erkannt werden.",
        GB5,
    ),
    (
        "darzustellen, wie die einzelnen Planungen im Sozial- und Jugendhilfebereich in der "
        "aktuellen Situation überprüft und ggf. angepasst werden.",
        "Sozialamt",
    ),
    (
        "darzustellen, ob mögliche zusätzlich erkannte Bedarfe in den einzelnen Planungen der "
        "Sozial- und Jugendhilfe in den bestehenden Strukturen durch Aufgabenveränderungen oder "
        "Aufgabenerweiterungen abgedeckt werden können. Sofern eine entsprechende "
        "Aufgabenveränderung nicht möglich ist, ist darzustellen, welche zusätzlichen Bedarfe "
        "in der bestehenden Struktur nicht abgedeckt werden können. Die Darstellung soll "
        "entsprechend der jeweiligen Planungslogik vordergründig nach Sozialräumen erfolgen.\n\n"
        "Bei der Erarbeitung der Analysen sollen Erkenntnisse bundesweiter Studien sowie "
        "Erfahrungen und Erkenntnisse lokaler Träger herangezogen werden.",
        "Sozialamt",
    ),
    (
        "aus den Ergebnissen der Punkte 1) bis 3) einen Bericht zu verfassen und in den "
        "Fachgremien des Stadtrates vorzustellen.",
        GB5,
    ),
]
A0200_POSTSCRIPT = (
    "Es sollen so Erkenntnisse darüber gewonnen werden, ob, in welcher Dringlichkeit und mit "
    "welchen inhaltlichen Schwerpunkten die bestehende Struktur der sozialen "
    "Dienstleistungen und Unterstützungsangebote verändert oder ergänzt werden sollte, um "
    "die aktuelle Krise und ihre Folgen bewältigen bzw. abmildern zu können."
)

V2927_SUBJECT = "Fachplan Asyl und Integration 2022"
V2927_ITEMS = [
    "Der Stadtrat bestätigt den Fachplan Asyl und Integration 2022 (Anlage).",
    "Der Maßnahmenplan (Kapitel 7) ist im Zeitraum 2019 bis 2020 im Rahmen der den "
    "Geschäftsbereichen zur Verfügung stehenden Budgets umzusetzen. Die benötigten Ressourcen "
    "für den Zeitraum 2021 bis 2022 sind möglichst bei der Haushaltsaufstellung zu "
    "berücksichtigen.",
    "Für Maßnahmen, die einer gesonderten Mittelbereitstellung bedürfen und für neue "
    "freiwillige kommunale Leistungen sind Deckungsvorschläge zu erarbeiten und dem "
    "zuständigen Gremium nach Hauptsatzung zur Entscheidung vorzulegen.",
]
V2927_LETTER_DATE = dt.date(2019, 11, 13)
V2927_NEXT_CONTROL = dt.date(2020, 10, 31)
V2927_NARRATIVE_2 = "\n\n".join(
    [
        "An den beschlossenen Maßnahmen des Fachplanes wird in allen beschriebenen "
        "Handlungsfeldern fortlaufend gearbeitet. Bis zum III. Quartal 2019 terminierte "
        "Maßnahmen:",
        "Im Handlungsfeld Migrationssozialarbeit (MSA) ist im Berichtszeitraum die "
        "Ausschreibung, Auswahl und Beauftragung von vier freien Trägern mit der "
        "Leistungserbringung erfolgt. Seit Juli 2019 wird die personenzentrierte "
        "bedarfsgerechte Betreuung umgesetzt.",
        "Jeder neu zugewiesene Geflüchtete erhält Grundleistungen in einem Umfang von 40 h für "
        "ein Jahr. Fachleistungen werden auf Basis einer Anzeige der MSA geprüft und im "
        "notwendigen Umfang durch das Sozialamt bewilligt. Offene Sprechzeiten in den Regionen "
        "ergänzen das bedarfsgerechte Angebot.",
        "Im Handlungsfeld bürgerschaftliches Engagement können mit der Einrichtung der neuen "
        "Plattform „www.ehrensache.jetzt“ neue Helfer/-innen gewonnen werden. Zur Sicherung "
        "vorhandener Ehrenamtsstrukturen ist ein Modellprojekt mit fünf Ehrenamtsvereinen in "
        "Umsetzung.",
        "Im Handlungsfeld Wohnen und Unterbringung wurde die Sicherung der bedarfsgerechten "
        "Unterbringung gewährleistet. Die Prognose von ca. 700 Erstzuweisungen im Jahr 2019 "
        "entspricht der bisherigen landesseitigen Zuweisung. Die aktive Förderung "
        "selbstangemieteten Wohnraums zeigt einen Anstieg von 440 Geflüchteten im Januar 2019 "
        "auf 507 im September 2019.",
        "Im Handlungsfeld Gesundheit sind die Verhandlungen zur Rahmenvereinbarung "
        "elektronische Gesundheitskarte im Wesentlichen abgeschlossen. Am 12. Dezember 2019 "
        "soll der Stadtrat abschließend entscheiden.",
    ]
)
V2927_REPORTS = [
    ("1", StatusReport.Status.DONE, ""),
    ("2", StatusReport.Status.IN_PROGRESS, V2927_NARRATIVE_2),
    ("3", StatusReport.Status.CONSIDERED, ""),
]


def _at(day: dt.date, hour: int = 16) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


def load(out: Out = print) -> None:
    """Load the council demo of Dresden (after the areas and the demo logins)."""
    dresden = Municipality.objects.filter(slug="dresden").first()
    if dresden is None:
        return
    before = AuditEntry.objects.count()
    offices = {
        name: define_office(dresden, name, short_name=short, acting_user=ACTOR)
        for name, short in OFFICES
    }
    bodies = {
        name: actions.save_body(dresden, name, kind=kind, short_name=short, acting_user=ACTOR)
        for name, kind, short in BODIES
    }
    planner = User.objects.filter(username="planung").first()
    fachamt = User.objects.filter(username="fachamt").first()

    def reporter(office: Office | None) -> User | None:
        return fachamt if office and fachamt and fachamt.office_id == office.pk else planner

    v2696 = _v2696(dresden, offices, bodies)
    _history(v2696, V2696_REPORTS, V2696_LETTER_DATE, V2696_NEXT_CONTROL, reporter)
    _letter(v2696, V2696_LETTER_DATE, planner)
    _a0200(dresden, offices, bodies, reporter)
    v2927 = _v2927(dresden, offices, bodies)
    _history(v2927, V2927_REPORTS, V2927_LETTER_DATE, V2927_NEXT_CONTROL, reporter)
    _letter(v2927, V2927_LETTER_DATE, planner)
    _non_public(dresden, offices, bodies)
    papers = Paper.objects.filter(municipality=dresden).count()
    reports = StatusReport.objects.filter(item__resolution__municipality=dresden).count()
    out(
        f"Dresden: Gremien und Beschlusskontrolle … {papers} Drucksachen, {reports} "
        f"Sachstandsberichte; {AuditEntry.objects.count() - before} Einträge im Änderungsprotokoll"
    )


def _v2696(dresden, offices, bodies) -> Resolution:
    meeting = actions.save_meeting(
        dresden,
        "SR/063/2024",
        name="Sitzung des Stadtrates",
        start=_at(dt.date(2024, 6, 13)),
        bodies=[bodies["Stadtrat"]],
        acting_user=ACTOR,
    )
    paper = actions.save_paper(
        dresden,
        "V2696/24",
        name=V2696_SUBJECT,
        kind=Paper.Kind.VORLAGE,
        date=dt.date(2024, 3, 26),
        originator="Oberbürgermeister",
        responsible_office=offices[GB5],
        consultations=[
            ConsultationRecord(
                bodies[name], day, public, role, meeting if name == "Stadtrat" else None
            )
            for name, day, public, role in V2696_CONSULTATIONS
        ],
        acting_user=ACTOR,
    )
    return actions.save_resolution(
        paper,
        date=dt.date(2024, 6, 13),
        meeting=meeting,
        body=bodies["Stadtrat"],
        text="\n".join(f"{n}. {t}" for n, t in enumerate(V2696_ITEMS, start=1)),
        items=[
            ItemRecord("1", V2696_ITEMS[0], offices["Sozialamt"]),
            ItemRecord("2", V2696_ITEMS[1], offices[GB5]),
            ItemRecord("3", V2696_ITEMS[2], offices["Sozialamt"]),
        ],
        acting_user=ACTOR,
    )


def _a0200(dresden, offices, bodies, reporter) -> None:
    meeting = actions.save_meeting(
        dresden,
        "SR/034/2022",
        name="Sitzung des Stadtrates",
        start=_at(dt.date(2022, 3, 3)),
        bodies=[bodies["Stadtrat"]],
        acting_user=ACTOR,
    )
    paper = actions.save_paper(
        dresden,
        "A0200/21",
        name=A0200_SUBJECT,
        kind=Paper.Kind.ANTRAG,
        date=dt.date(2021, 6, 1),
        originator="Fraktionen des Stadtrates",
        responsible_office=offices[GB5],
        consultations=[
            ConsultationRecord(bodies["Stadtrat"], dt.date(2022, 3, 3), True, R.DECIDING, meeting),
        ],
        acting_user=ACTOR,
    )
    text = "\n\n".join(
        [A0200_PREAMBLE]
        + [f"{n}. {t}" for n, (t, _o) in enumerate(A0200_ITEMS, start=1)]
        + [A0200_POSTSCRIPT]
    )
    resolution = actions.save_resolution(
        paper,
        date=dt.date(2022, 3, 3),
        meeting=meeting,
        body=bodies["Stadtrat"],
        text=text,
        items=[ItemRecord(str(n), t, offices[o]) for n, (t, o) in enumerate(A0200_ITEMS, start=1)],
        acting_user=ACTOR,
    )
    # An open report whose control date has passed: the overdue dashboard shows it.
    item = resolution.items.get(number="2")
    _report(
        item,
        dt.date(2023, 1, 16),
        StatusReport.Status.IN_PROGRESS,
        "Die Sozialplanung und die Jugendhilfeplanung prüfen ihre Planungen auf Bedarfe, die "
        "die Pandemie erzeugt hat; die Ergebnisse fließen in die Fortschreibung der Fachpläne "
        "ein.",
        dt.date(2023, 6, 30),
        reporter(item.responsible_office),
    )
    # It reached the council without a letter of ours (sample 002): published on its own.
    for report in StatusReport.objects.filter(item=item, published_at__isnull=True):
        actions.publish_status_report(report, acting_user=ACTOR)


def _v2927(dresden, offices, bodies) -> Resolution:
    meeting = actions.save_meeting(
        dresden,
        "SR/067/2019",
        name="Sitzung des Stadtrates",
        start=_at(dt.date(2019, 11, 13)),
        bodies=[bodies["Stadtrat"]],
        acting_user=ACTOR,
    )
    paper = actions.save_paper(
        dresden,
        "V2927/19",
        name=V2927_SUBJECT,
        kind=Paper.Kind.VORLAGE,
        date=dt.date(2019, 5, 1),
        originator="Oberbürgermeister",
        responsible_office=offices[GB5],
        consultations=[
            ConsultationRecord(
                bodies["Stadtrat"], dt.date(2019, 11, 13), True, R.DECIDING, meeting
            ),
        ],
        acting_user=ACTOR,
    )
    return actions.save_resolution(
        paper,
        date=dt.date(2019, 11, 13),
        meeting=meeting,
        body=bodies["Stadtrat"],
        text="\n".join(f"{n}. {t}" for n, t in enumerate(V2927_ITEMS, start=1)),
        items=[
            ItemRecord("1", V2927_ITEMS[0], offices[GB5]),
            ItemRecord("2", V2927_ITEMS[1], offices["Sozialamt"]),
            ItemRecord("3", V2927_ITEMS[2], offices[GB5]),
        ],
        acting_user=ACTOR,
    )


def _report(item, day, status, narrative, next_control, user) -> None:
    if StatusReport.objects.filter(item=item, date=day, status=status).exists():
        return
    actions.record_status_report(
        item,
        date=day,
        status=status,
        narrative=narrative,
        next_control_date=next_control,
        acting_user=user or ACTOR,
    )


def _history(resolution, reports, day, next_control, reporter) -> None:
    for number, status, narrative in reports:
        item = resolution.items.get(number=number)
        finished = status == StatusReport.Status.DONE
        _report(
            item,
            day,
            status,
            narrative,
            None if finished else next_control,
            reporter(item.responsible_office),
        )


def _letter(resolution: Resolution, day: dt.date, planner: User | None) -> None:
    """The real letter of that day, drafted and released (once)."""
    if resolution.letters.filter(date=day).exists():
        return
    letter = actions.draft_status_letter(
        resolution,
        date=day,
        acting_user=planner or ACTOR,
        file_reference="GB 5",
        sender=GB5,
        addressees="An alle\nFraktionen sowie Mitglieder\n"
        "des Stadtrates der Landeshauptstadt Dresden",
    )
    actions.release_status_letter(letter, acting_user=planner or ACTOR)


def _non_public(dresden, offices, bodies) -> None:
    """A non-public paper (a lease), to show what the public does not see."""
    committee = bodies["Ausschuss für Soziales und Wohnen"]
    paper = actions.save_paper(
        dresden,
        "V2811/24",
        name="Anmietung von Räumen für eine Wärmestube im Stadtbezirk Leuben "
        "(Demonstrationsbeispiel, nicht öffentlich)",
        kind=Paper.Kind.VORLAGE,
        date=dt.date(2024, 9, 2),
        originator="Oberbürgermeister",
        responsible_office=offices["Sozialamt"],
        text="Mietvertrag, Vermieter und Mietpreis sind nicht öffentlich.",
        visibility=Visibility.NON_PUBLIC,
        consultations=[ConsultationRecord(committee, dt.date(2024, 9, 24), False, R.DECIDING)],
        acting_user=ACTOR,
    )
    actions.save_resolution(
        paper,
        date=dt.date(2024, 9, 24),
        body=committee,
        text="Der Ausschuss stimmt der Anmietung zu.",
        visibility=Visibility.NON_PUBLIC,
        items=[
            ItemRecord(
                "1",
                "Der Ausschuss stimmt der Anmietung der Räume zu.",
                offices["Sozialamt"],
                Visibility.NON_PUBLIC,
            )
        ],
        acting_user=ACTOR,
    )
