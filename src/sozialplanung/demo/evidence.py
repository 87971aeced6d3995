"""Dresden's evidence list for the Sozialraumbericht (A0200/21 asks for "Erkenntnisse
bundesweiter Studien sowie Erfahrungen und Erkenntnisse lokaler Träger").

The three studies exist (publisher, year, title as published; the link is the
publisher's site); the local providers' finding is invented. All are example data of
the demo, marked so; the providers' finding is non-public, so the public edition of
the report leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable

from sozialplanung.areas.models import PlanningDomain
from sozialplanung.core.audit import Process, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility
from sozialplanung.measures.models import Evidence

ACTOR = Process("Demo")
Out = Callable[[str], None]

# title, publisher, year, link, note, domain slugs, visibility
ENTRIES = [
    (
        "Kindsein in Zeiten von Corona",
        "Deutsches Jugendinstitut (DJI)",
        2020,
        "https://www.dji.de/",
        "Befragung von Eltern zum Alltag ihrer Kinder im ersten Lockdown.",
        ["jugendhilfeplanung"],
        Visibility.PUBLIC,
    ),
    (
        "COPSY-Studie: Psychische Gesundheit von Kindern und Jugendlichen in der Corona-Pandemie",
        "Universitätsklinikum Hamburg-Eppendorf",
        2021,
        "https://www.uke.de/",
        "Mehr psychische Auffälligkeiten, besonders bei Kindern aus belasteten Familien.",
        ["jugendhilfeplanung", "gesundheitspraevention"],
        Visibility.PUBLIC,
    ),
    (
        "Paritätischer Armutsbericht 2022",
        "Der Paritätische Gesamtverband",
        2022,
        "https://www.der-paritaetische.de/",
        "Armutsquote auf Höchststand nach der Pandemie.",
        ["sozialplanung", "jobcenter"],
        Visibility.PUBLIC,
    ),
    (
        "Erfahrungen der Träger der offenen Kinder- und Jugendarbeit 2023 (Beispiel)",
        "Trägerrunde Dresden (Beispiel)",
        2023,
        "",
        "Längere Wartelisten in der Schulsozialarbeit; mehr Beratungsbedarf der Eltern.",
        [],
        Visibility.NON_PUBLIC,
    ),
]


def load(out: Out = print) -> None:
    dresden = Municipality.objects.filter(slug="dresden").first()
    if dresden is None:
        return
    domains = {d.slug: d for d in PlanningDomain.objects.filter(municipality=dresden)}
    for title, publisher, year, link, note, slugs, visibility in ENTRIES:
        entry = Evidence.objects.filter(municipality=dresden, title=title).first() or Evidence(
            municipality=dresden
        )
        entry, _changed = save_audited(
            entry,
            {
                "title": title,
                "publisher": publisher,
                "year": year,
                "link": link,
                "note": note,
                "visibility": visibility,
                "is_example": True,
            },
            acting_user=ACTOR,
            municipality_id=dresden.id,
            visibility=visibility,
        )
        entry.domains.set([domains[s] for s in slugs if s in domains])
    out(f"Dresden: Erkenntnisliste … {len(ENTRIES)} Einträge (Beispieldaten)")
