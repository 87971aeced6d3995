"""The pages of the site, for the walks that must reach every one of them: the axe walk
(tests/e2e/test_axe_every_page.py) and the query budgets (tests/test_query_budgets.py).

What is no page (NOT_A_PAGE, NO_PAGE), where a walk starts (``seeds``), the records and
addresses of the pages no link of the demo leads to (``pages_without_links``), and which
routes a walk left out (``unchecked_routes``).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from tests.test_visibility import url_templates

# What is no page of the site: downloads, feeds, the API, the admin (Django's own).
NOT_A_PAGE = re.compile(
    r"^/(admin|static|media|api|oparl)/|/abmelden/|\.(csv|xlsx|pdf|docx|ics|zip|json|geojson|atom)$"
    r"|/(csv|xlsx|pdf|docx|ics|atom|feed)/?$"
)
# Routes that are no page of their own, and why: every other route of the URLconf (but
# those NOT_A_PAGE matches) must be checked by some role's walk.
NO_PAGE = {
    "gesundheit/": "Gesundheitsprüfung des Betriebs, Text",
    "healthz": "Gesundheitsprüfung des Betriebs, Text",
    ".well-known/security.txt": "Text",
    "i18n/setlang/": "Ziel des Formulars der Sprachumschaltung (POST)",
    "kommune/": "leitet zur gewählten Kommune weiter",
    "anmelden/verzeichnis/": "leitet zum OpenID-Anbieter weiter",
    "anmelden/verzeichnis/zurueck/": "Rückkehr vom OpenID-Anbieter",
    "<slug:slug>/exporte/<slug:name>.<slug:fmt>": "Datei",
    "<slug:slug>/gremien/dateien/<int:pk>/": "Datei",
    "<slug:slug>/import/<int:job_id>/fortschritt/": "Teil der Seite des Imports",
    "<slug:slug>/gremien/eingang/stapel/<int:job_id>/fortschritt/": "Teil der Seite des Stapels",
    "<slug:slug>/gremien/oparl-abgleich/<int:job_id>/fortschritt/": "Teil der Seite des Abgleichs",
    "<slug:slug>/angebote/verwaltung/adresse/": "JSON der Adresssuche im Angebotsformular",
    "<slug:slug>/gremien/eingang/<int:pk>/verwerfen/": "POST",
    "<slug:slug>/gremien/eingang/pruefen/bestaetigen/": "POST",
    "<slug:slug>/gremien/berichte/<int:pk>/veroeffentlichen/": "POST",
    "<slug:slug>/was-wurde-aus/einschalten/": "POST",
    "<slug:slug>/was-wurde-aus/beschluss/<int:pk>/einschalten/": "POST",
}
# Pages that answer with an error status on purpose, checked like any other page: the
# site's 404 page and the public follow page's answer to an invalid mail link.
ERROR_PAGES = {
    "/dresden/gibt-es-nicht/": 404,
    "/dresden/was-wurde-aus/bestaetigen/ungueltig/": 404,
}


def seeds() -> list[str]:
    """Every pattern whose only parameter is the municipality, for Dresden."""
    found = ["/", "/dresden/", *ERROR_PAGES]
    for template in url_templates():
        params = re.findall(r"<(?:[^>:]+:)?([^>]+)>", template)
        if set(params) <= {"slug"}:
            found.append("/" + re.sub(r"<[^>]+>", "dresden", template))
    return found


def route_of(url: str) -> str | None:
    """The route of ``url`` (an error page stands for itself), None if there is none."""
    if urlsplit(url).path in ERROR_PAGES:
        return urlsplit(url).path
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return None


LETTER = """Landeshauptstadt Dresden
Geschäftsbereich Arbeit, Soziales, Gesundheit und Wohnen
Datum: 12.05.2025

Beschlusskontrolle zu V2696/24 (Sitzungsnummer: SR/063/2024)
Fachkonzept sonstiger sozialer Angebote für Dresden

zu Beschlusspunkt 2:
Der Beschlusspunkt befindet sich in der Umsetzung.
Zuständig: Sozialamt
Nächste Kontrolle: 30.09.2025
"""


def pages_without_links(dresden, planner) -> list[str]:
    """One record for each page kind no link of the demo leads to: a document read in and
    waiting for review, a failed indicator import with its problems, a finished bulk
    intake (the walk reaches them from the review queue and the import pages). And the
    pages only a form or a mail leads to, whose addresses it returns: the release of a
    drafted status letter, the actual value of a key figure, the confirmation and the
    unsubscription of a citizen following a resolution (valid links, as mailed)."""
    from django.utils import timezone

    from sozialplanung.core.models import ImportJob
    from sozialplanung.council import actions as council
    from sozialplanung.council.models import Resolution, StatusReport
    from sozialplanung.council.public import actions as follow
    from sozialplanung.intake.extract import extract
    from sozialplanung.intake.models import IntakeDraft
    from sozialplanung.measures.models import KeyFigure

    fields, uncertain, warnings = extract(LETTER)
    IntakeDraft.objects.create(
        municipality=dresden,
        user=planner,
        file_name="beschlusskontrolle-v2696-24.txt",
        text=LETTER,
        fields=fields,
        uncertain=sorted(uncertain),
        warnings=warnings,
    )
    finished = {"municipality": dresden, "user": planner, "finished": timezone.now()}
    ImportJob.objects.create(
        kind=ImportJob.Kind.INDICATORS,
        status=ImportJob.Status.FAILED,
        filename="kennzahlen.csv",
        message="Die Datei wurde nicht importiert: 1 Zeile hat ein Problem.",
        problems=[
            {"file": "kennzahlen.csv", "row": 3, "column": "Wert", "message": "„x“ ist keine Zahl."}
        ],
        **finished,
    )
    ImportJob.objects.create(
        kind=ImportJob.Kind.DOCUMENTS,
        status=ImportJob.Status.DONE,
        filename="sitzung.zip",
        summary="2 Dokumente gelesen, 1 Entwurf angelegt.",
        **finished,
    )
    resolution = Resolution.objects.get(municipality=dresden, paper__reference="V2696/24")
    report = council.record_status_report(
        resolution.items.order_by("order").first(),
        date=timezone.localdate(),
        status=StatusReport.Status.IN_PROGRESS,
        narrative="Die Träger sind ausgewählt, die Verträge in Vorbereitung.",
        next_control_date=timezone.localdate() + dt.timedelta(days=120),
        acting_user=planner,
    )
    council.publish_status_report(report, acting_user=planner)
    letter = council.draft_status_letter(
        resolution, date=timezone.localdate(), acting_user=planner, sender="Sozialamt"
    )
    figure = KeyFigure.objects.filter(
        measure__field_of_action__plan__municipality=dresden
    ).select_related("measure__field_of_action__plan")[0]
    measure = figure.measure
    pending = follow.request_subscription(resolution, "neu@example.org", client="axe")
    confirmed = follow.request_subscription(resolution, "dabei@example.org", client="axe")
    follow.confirm_subscription(follow.confirmation_token(confirmed.subscription))
    return [
        f"/dresden/gremien/briefe/{letter.pk}/freigeben/",
        f"/dresden/massnahmen/{measure.field_of_action.plan.slug}/{measure.pk}"
        f"/kennzahl/{figure.pk}/istwert/",
        f"/dresden/was-wurde-aus/bestaetigen/{follow.confirmation_token(pending.subscription)}/",
        f"/dresden/was-wurde-aus/abbestellen/{follow.unsubscribe_token(confirmed.subscription)}/",
    ]


def unchecked_routes(checked: set[str]) -> set[str]:
    """The routes of pages that are in none of ``checked`` (routes as ``resolve`` names
    them) and no entry of NO_PAGE."""
    pages = {t for t in url_templates() if not NOT_A_PAGE.search("/" + t)}
    return pages - checked - set(NO_PAGE)
