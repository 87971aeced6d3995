"""OParl objects -> our records, one handler per OParl type (used by ``importer``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sozialplanung.core.audit import record_change
from sozialplanung.core.visibility import Visibility
from sozialplanung.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)

from . import copies

if TYPE_CHECKING:
    from .importer import Importer

#: Set by ``importer.flatten`` on an embedded file: the property it was named under.
ROLE = "@role"

PAPER_TYPE_NOTE = "Vorlagenart laut Ratsinformationssystem: "


def last_segment(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def text(obj: dict[str, Any], key: str, limit: int) -> str:
    value = obj.get(key)
    return str(value).strip()[:limit] if value not in (None, "") else ""


def date(obj: dict[str, Any], key: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(obj[key])[:10]) if obj.get(key) else None
    except ValueError:
        return None


def moment(obj: dict[str, Any], key: str) -> dt.datetime | None:
    """A date-time in UTC, as the database gives it back: re-imports compare equal."""
    try:
        value = dt.datetime.fromisoformat(str(obj[key])) if obj.get(key) else None
    except ValueError:
        return None
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def first(value: Any) -> str | None:
    if isinstance(value, list):
        return next((v for v in value if isinstance(v, str)), None)
    return value if isinstance(value, str) else None


def find(imp: Importer, model: type, url: str | None) -> Any:
    """Our record imported from ``url``, in this municipality, or None."""
    if not url:
        return None
    queryset = model.objects.filter(oparl_id=url)
    if model is Consultation:
        return queryset.filter(paper__municipality=imp.municipality).first()
    if model is AgendaItem:
        return queryset.filter(meeting__municipality=imp.municipality).first()
    return queryset.filter(municipality=imp.municipality).first()


def existing(imp: Importer, model: type, obj: dict[str, Any]) -> Any:
    return find(imp, model, obj["id"])


def mark_deleted(imp: Importer, kind: str, model: type, obj: dict[str, Any]) -> bool:
    """Deleted in the source: mark ours deleted (never remove); True if handled."""
    if not obj.get("deleted"):
        return False
    record = existing(imp, model, obj)
    if record is None:
        return True
    if model is Consultation:  # no deleted flag: the step goes, the trail keeps it
        before = {"oparl_id": record.oparl_id, "paper": record.paper_id}
        record_change(
            record.paper,
            before=before,
            after=None,
            acting_user=imp.acting_user,
            summary="Beratung in der Quelle gelöscht",
            visibility=record.paper.visibility,
        )
        record.delete()
        imp.result.count(imp.result.deleted, kind)
        return True
    imp.save(kind, record, {"deleted": True}, _visibility(record))
    return True


def _visibility(record: Any) -> str:
    return getattr(record, "visibility", Visibility.PUBLIC)


# --- Body kinds and paper kinds from free text -------------------------------------------

_BODY_KINDS = [
    ("fraktion", Body.Kind.GROUP),
    ("ortschaftsrat", Body.Kind.LOCAL_COUNCIL),
    ("ortsbeirat", Body.Kind.LOCAL_COUNCIL),
    ("bezirksbeirat", Body.Kind.LOCAL_COUNCIL),
    ("bezirksvertretung", Body.Kind.LOCAL_COUNCIL),
    ("beirat", Body.Kind.ADVISORY_BOARD),
    ("ausschuss", Body.Kind.COMMITTEE),
    ("kommission", Body.Kind.COMMITTEE),
    ("verwaltung", Body.Kind.ADMINISTRATION),
    ("dezernat", Body.Kind.ADMINISTRATION),
    ("stadtrat", Body.Kind.COUNCIL),
    ("gemeinderat", Body.Kind.COUNCIL),
    ("kreistag", Body.Kind.COUNCIL),
    ("rat der stadt", Body.Kind.COUNCIL),
    ("hauptorgan", Body.Kind.COUNCIL),
]


def body_kind(obj: dict[str, Any]) -> str:
    for key in ("classification", "organizationType", "name"):
        value = str(obj.get(key) or "").lower()
        for word, kind in _BODY_KINDS:
            if word in value:
                return kind
    return Body.Kind.OTHER


def paper_kind(paper_type: str) -> str:
    value = paper_type.lower()
    if not value or "antwort" in value or "beantwortung" in value:
        return Paper.Kind.OTHER
    if "anfrage" in value:
        return Paper.Kind.ANFRAGE
    if "antrag" in value:
        return Paper.Kind.ANTRAG
    if "information" in value or value.startswith("mitteilung"):
        return Paper.Kind.INFORMATIONSVORLAGE
    if "vorlage" in value:
        return Paper.Kind.VORLAGE
    return Paper.Kind.OTHER


def consultation_role(obj: dict[str, Any]) -> str:
    value = str(obj.get("role") or "").lower()
    if obj.get("authoritative") is True or "beschluss" in value or "entscheid" in value:
        return Consultation.Role.DECIDING
    for word, role in (
        ("federf", Consultation.Role.LEAD),
        ("lesung", Consultation.Role.FIRST_READING),
        ("vorberat", Consultation.Role.PRELIMINARY),
        ("kenntnis", Consultation.Role.NOTICE),
    ):
        if word in value:
            return role
    return Consultation.Role.ADVISORY


# --- Handlers -------------------------------------------------------------------------


def organization(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Gremium", Body, obj):
        return
    record = existing(imp, Body, obj) or Body(municipality=imp.municipality, oparl_id=obj["id"])
    name = text(obj, "name", 300) or text(obj, "shortName", 300)
    if not name:
        name = f"Gremium {last_segment(obj['id'])}"
        imp.warn(f"{obj['id']}: Gremium ohne Namen, „{name}“ verwendet.")
    values = {
        "name": name,
        "short_name": text(obj, "shortName", 50),
        "kind": body_kind(obj),
        "start_date": date(obj, "startDate"),
        "end_date": date(obj, "endDate"),
        "deleted": False,
    }
    imp.save("Gremium", record, values, Visibility.PUBLIC)


def person(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Person", Person, obj):
        return
    record = existing(imp, Person, obj) or Person(municipality=imp.municipality, oparl_id=obj["id"])
    name = text(obj, "name", 300) or " ".join(
        p for p in (text(obj, "givenName", 200), text(obj, "familyName", 200)) if p
    )
    values = {
        "name": name or f"Person {last_segment(obj['id'])}",
        "family_name": text(obj, "familyName", 200),
        "given_name": text(obj, "givenName", 200),
        "form_of_address": text(obj, "formOfAddress", 50),
        "deleted": False,
    }
    imp.save("Person", record, values, Visibility.PUBLIC)


def membership(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Mitgliedschaft", Membership, obj):
        return
    member = find(imp, Person, first(obj.get("person")))
    body = find(imp, Body, first(obj.get("organization")))
    if member is None or body is None:
        imp.warn(f"{obj['id']}: Mitgliedschaft übersprungen, Person oder Gremium unbekannt.")
        return
    record = existing(imp, Membership, obj) or Membership(
        municipality=imp.municipality, oparl_id=obj["id"]
    )
    values = {
        "person": member,
        "body": body,
        "role": text(obj, "role", 200),
        "voting_right": obj.get("votingRight") is not False,
        "start_date": date(obj, "startDate"),
        "end_date": date(obj, "endDate"),
        "deleted": False,
    }
    imp.save("Mitgliedschaft", record, values, Visibility.PUBLIC)


def location(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Ort", Location, obj):
        return
    record = existing(imp, Location, obj) or Location(
        municipality=imp.municipality, oparl_id=obj["id"]
    )
    values = {
        "description": text(obj, "description", 500),
        "street_address": text(obj, "streetAddress", 300),
        "postal_code": text(obj, "postalCode", 10),
        "locality": text(obj, "locality", 200),
        "room": text(obj, "room", 200),
        "deleted": False,
    }
    imp.save("Ort", record, values, Visibility.PUBLIC)


def legislative_term(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Wahlperiode", LegislativeTerm, obj):
        return
    record = existing(imp, LegislativeTerm, obj) or LegislativeTerm(
        municipality=imp.municipality, oparl_id=obj["id"]
    )
    values = {
        "name": text(obj, "name", 200) or f"Wahlperiode {last_segment(obj['id'])}",
        "start_date": date(obj, "startDate"),
        "end_date": date(obj, "endDate"),
        "deleted": False,
    }
    imp.save("Wahlperiode", record, values, Visibility.PUBLIC)


def meeting(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Sitzung", Meeting, obj):
        return
    record = existing(imp, Meeting, obj) or Meeting(
        municipality=imp.municipality, oparl_id=obj["id"]
    )
    start = moment(obj, "start")
    name = text(obj, "name", 300) or (
        f"Sitzung am {start:%d.%m.%Y}" if start else f"Sitzung {last_segment(obj['id'])}"
    )
    values = {
        "name": name,
        "start": start,
        "end": moment(obj, "end"),
        "cancelled": obj.get("cancelled") is True,
        "location": find(imp, Location, first(obj.get("location"))),
        "deleted": False,
    }
    record = imp.save("Sitzung", record, values, Visibility.PUBLIC)
    urls = obj.get("organization") if isinstance(obj.get("organization"), list) else []
    wanted = {b.pk for b in (find(imp, Body, u) for u in urls) if b is not None}
    present = set(record.bodies.values_list("pk", flat=True))
    if wanted != present and wanted:
        record.bodies.set(wanted)
        record_change(
            record,
            before={"bodies": sorted(present)},
            after={"bodies": sorted(wanted)},
            acting_user=imp.acting_user,
            summary="Gremien der Sitzung (OParl-Import)",
            municipality_id=imp.municipality.pk,
        )


def paper(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Vorlage", Paper, obj):
        return
    reference = text(obj, "reference", 50)
    if not reference:
        reference = last_segment(obj["id"])[:50]
        imp.warn(f"{obj['id']}: Vorlage ohne Aktenzeichen (reference), „{reference}“ verwendet.")
    record = existing(imp, Paper, obj)
    if record is None:
        # A paper typed in by hand before the first import: adopt it by its reference.
        record = Paper.objects.filter(
            municipality=imp.municipality, reference=reference, oparl_id=""
        ).first() or Paper(municipality=imp.municipality)
    clash = (
        Paper.objects.filter(municipality=imp.municipality, reference=reference)
        .exclude(pk=record.pk)
        .exists()
    )
    if clash:
        reference = f"{reference} ({last_segment(obj['id'])})"[:50]
        imp.warn(f"{obj['id']}: Aktenzeichen doppelt vergeben, als „{reference}“ gespeichert.")
    paper_type = text(obj, "paperType", 200)
    kind = paper_kind(paper_type)
    body_text = record.text
    if kind == Paper.Kind.OTHER and paper_type and PAPER_TYPE_NOTE not in body_text:
        body_text = f"{PAPER_TYPE_NOTE}{paper_type}\n{body_text}".strip()
    values = {
        "oparl_id": obj["id"],
        "reference": reference,
        "name": text(obj, "name", 1000) or reference,
        "kind": kind,
        "date": date(obj, "date"),
        "text": body_text,
        "deleted": False,
    }
    imp.save("Vorlage", record, values, _visibility(record))


def consultation(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Beratung", Consultation, obj):
        return
    owner = find(imp, Paper, first(obj.get("paper")))
    body = find(imp, Body, first(obj.get("organization")))
    if owner is None or body is None:
        imp.warn(f"{obj['id']}: Beratung übersprungen, Vorlage oder Gremium unbekannt.")
        return
    session = find(imp, Meeting, first(obj.get("meeting")))
    record = existing(imp, Consultation, obj)
    if record is None:
        order = Consultation.objects.filter(paper=owner).count()
        record = Consultation(paper=owner, oparl_id=obj["id"], order=order)
    values = {
        "paper": owner,
        "body": body,
        "meeting": session,
        "date": session.start.date() if session and session.start else record.date,
        "role": consultation_role(obj),
    }
    imp.save("Beratung", record, values, owner.visibility)


def vendor_keys(obj: dict[str, Any]) -> dict[str, Any]:
    """Properties of a vendor (``STERNBERG:sortierung``): kept as they came."""
    return {k: v for k, v in obj.items() if ":" in k}


def http_url(value: Any) -> str:
    """A source URL we may later redirect to: http(s) only, never ``javascript:``."""
    url = first(value) or ""
    return url[:1000] if url.startswith(("http://", "https://")) else ""


def agenda_item(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Tagesordnungspunkt", AgendaItem, obj):
        return
    session = find(imp, Meeting, first(obj.get("meeting")))
    if session is None:
        imp.warn(f"{obj['id']}: Tagesordnungspunkt übersprungen, Sitzung unbekannt.")
        return
    record = existing(imp, AgendaItem, obj) or AgendaItem(meeting=session, oparl_id=obj["id"])
    step = find(imp, Consultation, first(obj.get("consultation")))
    order = obj.get("order")  # the importer fills a missing order from the meeting's list
    number = text(obj, "number", 20)
    values = {
        "meeting": session,
        "number": number,
        "name": text(obj, "name", 1000) or number or "Tagesordnungspunkt",
        "order": order if isinstance(order, int) and 0 <= order < 32768 else record.order or 0,
        "public": obj.get("public") is not False,
        "paper": step.paper if step else record.paper,
        "result": text(obj, "result", 500),
        "extra": vendor_keys(obj),
        "deleted": False,
    }
    imp.save("Tagesordnungspunkt", record, values, Visibility.PUBLIC)


#: Roles a file can have in the source; anything else counts as an annex.
FILE_ROLES = {
    "mainFile",
    "auxiliaryFile",
    "invitation",
    "resultsProtocol",
    "verbatimProtocol",
    "resolutionFile",
}


def file(imp: Importer, obj: dict[str, Any]) -> None:
    if mark_deleted(imp, "Datei", File, obj):
        return
    item = find(imp, AgendaItem, first(obj.get("agendaItem")))
    owner = find(imp, Paper, first(obj.get("paper"))) or (item.paper if item else None)
    session = find(imp, Meeting, first(obj.get("meeting"))) or (item.meeting if item else None)
    record = existing(imp, File, obj) or File(municipality=imp.municipality, oparl_id=obj["id"])
    access = http_url(obj.get("accessUrl"))
    size = obj.get("size")
    role = str(obj.get(ROLE) or "")
    values = {
        "name": text(obj, "name", 500)
        or text(obj, "fileName", 500)
        or last_segment(access or obj["id"]),
        "file_name": text(obj, "fileName", 300) or last_segment(access or obj["id"])[:300],
        "mime_type": text(obj, "mimeType", 100) or "application/octet-stream",
        "size": size if isinstance(size, int) and 0 <= size < 2**31 else record.size,
        "date": date(obj, "date"),
        "access_url": access,
        "download_url": http_url(obj.get("downloadUrl")),
        "role": role if role in FILE_ROLES else record.role,
        "text": str(obj.get("text") or ""),
        "paper": owner or record.paper,
        "meeting": session or record.meeting,
        "agenda_item": item or record.agenda_item,
        "extra": vendor_keys(obj),
        "deleted": False,
    }
    visibility = owner.visibility if owner else _visibility(record)
    record = imp.save("Datei", record, values, visibility)
    if imp.files is not None and not record.content:
        copies.keep_copy(imp, record)


HANDLERS = {
    "Organization": organization,
    "Person": person,
    "Membership": membership,
    "Location": location,
    "LegislativeTerm": legislative_term,
    "Meeting": meeting,
    "Paper": paper,
    "Consultation": consultation,
    "AgendaItem": agenda_item,
    "File": file,
}
