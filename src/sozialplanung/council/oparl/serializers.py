"""Our records as OParl 1.1 objects (https://schema.oparl.org/1.1/).

One function per object type takes a record and the ``Context`` of the request, which
knows the absolute URLs and the links gathered for the whole page. Deleted records
become stubs with only id, type, created, modified and ``deleted: true``, as the
specification requires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sozialplanung.core.models import Municipality
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

from . import extension, queries
from .extension import resolutions

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = SCHEMA

#: kind -> (OParl type name, URL segment of one object, URL segment of the list)
KINDS: dict[str, tuple[str, str, str]] = {
    "organization": ("Organization", "organization", "organizations"),
    "person": ("Person", "person", "persons"),
    "membership": ("Membership", "membership", "memberships"),
    "meeting": ("Meeting", "meeting", "meetings"),
    "agendaitem": ("AgendaItem", "agenda-item", "agenda-items"),
    "paper": ("Paper", "paper", "papers"),
    "consultation": ("Consultation", "consultation", "consultations"),
    "file": ("File", "file", "files"),
    "location": ("Location", "location", "locations"),
    "legislativeterm": ("LegislativeTerm", "legislative-term", "legislative-terms"),
}

ORGANIZATION_TYPES = {
    Body.Kind.GROUP: "Fraktion",
    Body.Kind.ADMINISTRATION: "Verwaltungsbereich",
    Body.Kind.OTHER: "Sonstiges",
}
PAPER_TYPES = {
    Paper.Kind.VORLAGE: "Vorlage",
    Paper.Kind.ANTRAG: "Antrag",
    Paper.Kind.ANFRAGE: "Anfrage",
    Paper.Kind.INFORMATIONSVORLAGE: "Informationsvorlage",
    Paper.Kind.OTHER: "Sonstige Vorlage",
}
CONSULTATION_ROLES = {
    Consultation.Role.ADVISORY: "Beratung",
    Consultation.Role.FIRST_READING: "1. Lesung",
    Consultation.Role.LEAD: "federführende Beratung",
    Consultation.Role.DECIDING: "Beschlussfassung",
    Consultation.Role.PRELIMINARY: "Vorberatung",
    Consultation.Role.NOTICE: "Kenntnisnahme",
}


def oparl_type(kind_or_name: str) -> str:
    name = KINDS[kind_or_name][0] if kind_or_name in KINDS else kind_or_name
    return SCHEMA + name


def timestamp(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: OParl says absent, not null or ""."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


class Context:
    """Absolute URLs for one request and one municipality, and links found per page."""

    def __init__(self, request: HttpRequest, municipality: Municipality | None = None) -> None:
        self.request = request
        self.municipality = municipality
        self.system_url = request.build_absolute_uri(reverse("oparl:system"))
        self.body_url = (
            request.build_absolute_uri(reverse("oparl:body", kwargs={"slug": municipality.slug}))
            if municipality
            else ""
        )
        self.consultation_by_pair: dict[tuple[int, int], int] = {}
        self.agenda_item_by_pair: dict[tuple[int, int], int] = {}

    def url(self, kind: str, pk: int | None) -> str | None:
        return f"{self.body_url}{KINDS[kind][1]}/{pk}/" if pk else None

    def list_url(self, kind: str) -> str:
        return f"{self.body_url}{KINDS[kind][2]}/"

    def web(self, names: Iterable[str], **kwargs: Any) -> str | None:
        """Our HTML page for a record, if the site has one (the first name that exists)."""
        for name in names:
            try:
                return self.request.build_absolute_uri(reverse(name, kwargs=kwargs))
            except NoReverseMatch:
                continue
        return None

    def prepare(self, kind: str, records: list[Any]) -> None:
        """Gather, in two queries, the consultation/agenda-item links of a page."""
        pairs: set[tuple[int, int]] = set()
        if kind == "meeting":
            for meeting in records:
                pairs |= {
                    (i.paper_id, meeting.pk) for i in meeting.public_agenda_items if i.paper_id
                }
        elif kind == "paper":
            for paper in records:
                pairs |= {
                    (c.paper_id, c.meeting_id) for c in paper.consultations.all() if c.meeting_id
                }
        elif kind in ("agendaitem", "consultation"):
            pairs = {(r.paper_id, r.meeting_id) for r in records if r.paper_id and r.meeting_id}
        found = queries.consultation_links(pairs)
        self.consultation_by_pair.update(found[0])
        self.agenda_item_by_pair.update(found[1])


def stub(kind: str, record: Any, ctx: Context) -> dict[str, Any]:
    data = {
        "id": ctx.url(kind, record.pk),
        "type": oparl_type(kind),
        "created": timestamp(record.created),
        "modified": timestamp(record.modified),
        "deleted": True,
    }
    if kind == "agendaitem":
        # The schema of AgendaItem requires ``order`` even for deleted items.
        data["order"] = record.order
    return data


def is_deleted(kind: str, record: Any) -> bool:
    """Deleted itself, or part of a deleted parent (a consultation of a deleted paper)."""
    if getattr(record, "deleted", False):
        return True
    if kind == "consultation":
        return record.paper.deleted
    if kind == "agendaitem":
        return record.meeting.deleted
    if kind == "file":
        return bool(
            (record.paper_id and record.paper.deleted)
            or (record.meeting_id and record.meeting.deleted)
        )
    return False


def _common(kind: str, record: Any, ctx: Context) -> dict[str, Any]:
    return {
        "id": ctx.url(kind, record.pk),
        "type": oparl_type(kind),
        "created": timestamp(record.created),
        "modified": timestamp(record.modified),
        "deleted": False,
    }


# --- System and Body (our Municipality) ----------------------------------------------


def system(ctx: Context) -> dict[str, Any]:
    return clean(
        {
            "id": ctx.system_url,
            "type": oparl_type("System"),
            "oparlVersion": OPARL_VERSION,
            "body": ctx.system_url + "bodies/",
            "name": "Sozialplanung – Ratsinformationen (öffentlicher Teil)",
            "website": ctx.request.build_absolute_uri("/"),
            "product": getattr(settings, "SOZIALPLANUNG_PRODUCT_URL", None),
        }
    )


def body(municipality: Municipality, ctx: Context, terms: list[LegislativeTerm]) -> dict[str, Any]:
    data = {
        "id": ctx.body_url,
        "type": oparl_type("Body"),
        "system": ctx.system_url,
        "name": municipality.name,
        "shortName": municipality.slug,
        "website": municipality.website,
        "ags": municipality.ags,
        "organization": ctx.list_url("organization"),
        "person": ctx.list_url("person"),
        "meeting": ctx.list_url("meeting"),
        "paper": ctx.list_url("paper"),
        "agendaItem": ctx.list_url("agendaitem"),
        "consultation": ctx.list_url("consultation"),
        "file": ctx.list_url("file"),
        "locationList": ctx.list_url("location"),
        "legislativeTermList": ctx.list_url("legislativeterm"),
        "membership": ctx.list_url("membership"),
        "sozialplanung:resolutionList": extension.list_url(ctx, "resolution"),
        "web": ctx.web(["areas:overview"], slug=municipality.slug),
        "created": timestamp(municipality.created),
        "modified": timestamp(municipality.modified),
    }
    data = clean(data)
    # Required, even when empty.
    data["legislativeTerm"] = [serialize("legislativeterm", t, ctx) for t in terms]
    return data


# --- The objects of a body -------------------------------------------------------------


def organization(record: Body, ctx: Context) -> dict[str, Any]:
    return {
        **_common("organization", record, ctx),
        "body": ctx.body_url,
        "name": record.name,
        "shortName": record.short_name,
        "membership": [ctx.url("membership", m.pk) for m in record.memberships.all()],
        "organizationType": ORGANIZATION_TYPES.get(record.kind, "Gremium"),
        "classification": str(Body.Kind(record.kind).label) if record.kind else None,
        "startDate": date(record.start_date),
        "endDate": date(record.end_date),
    }


def membership(record: Membership, ctx: Context) -> dict[str, Any]:
    return {
        **_common("membership", record, ctx),
        "person": ctx.url("person", record.person_id),
        "organization": ctx.url("organization", record.body_id),
        "role": record.role,
        "votingRight": record.voting_right,
        "startDate": date(record.start_date),
        "endDate": date(record.end_date),
    }


def person(record: Person, ctx: Context) -> dict[str, Any]:
    return {
        **_common("person", record, ctx),
        "body": ctx.body_url,
        "name": record.name,
        "familyName": record.family_name,
        "givenName": record.given_name,
        "formOfAddress": record.form_of_address,
        "membership": [serialize("membership", m, ctx) for m in record.memberships.all()],
    }


def location(record: Location, ctx: Context) -> dict[str, Any]:
    return {
        **_common("location", record, ctx),
        "description": record.description,
        "streetAddress": record.street_address,
        "postalCode": record.postal_code,
        "locality": record.locality,
        "room": record.room,
    }


def legislative_term(record: LegislativeTerm, ctx: Context) -> dict[str, Any]:
    return {
        **_common("legislativeterm", record, ctx),
        "body": ctx.body_url,
        "name": record.name,
        "startDate": date(record.start_date),
        "endDate": date(record.end_date),
    }


def _by_role(files: Iterable[File], roles: tuple[str, ...]) -> list[File]:
    return [f for f in files if f.role in roles]


def _own_files(files: Iterable[File]) -> list[File]:
    """Files of a paper or meeting that are not an agenda item's (those come with it)."""
    return [f for f in files if not f.agenda_item_id]


def meeting(record: Meeting, ctx: Context) -> dict[str, Any]:
    own = _own_files(record.public_files)
    single = {}
    for role in ("invitation", "resultsProtocol", "verbatimProtocol"):
        found = _by_role(own, (role,))[:1]
        single[role] = serialize("file", found[0], ctx) if found else None
        own = [f for f in own if f not in found]
    return {
        **_common("meeting", record, ctx),
        **single,
        "name": record.name,
        "cancelled": record.cancelled,
        "start": timestamp(record.start),
        "end": timestamp(record.end),
        "location": serialize("location", record.location, ctx) if record.location else None,
        "organization": [ctx.url("organization", b.pk) for b in record.bodies.all()],
        "agendaItem": [serialize("agendaitem", i, ctx) for i in record.public_agenda_items],
        "auxiliaryFile": [serialize("file", f, ctx) for f in own],
        "keyword": [record.session_number] if record.session_number else None,
        "web": ctx.web(["council:meeting"], slug=ctx.municipality.slug, pk=record.pk)
        if ctx.municipality
        else None,
    }


def agenda_item(record: AgendaItem, ctx: Context) -> dict[str, Any]:
    data = {
        **_common("agendaitem", record, ctx),
        "meeting": ctx.url("meeting", record.meeting_id),
        "number": record.number,
        "order": record.order,
        "public": record.public,
    }
    paper_public = record.paper_id is None or record.paper.visibility == Visibility.PUBLIC
    if not (record.public and paper_public):
        # A non-public agenda item (or one about a non-public paper) shows only that it
        # exists, in which place: no name, no result, no link to the paper.
        data["public"] = False
        return data
    consultation_pk = (
        ctx.consultation_by_pair.get((record.paper_id, record.meeting_id))
        if record.paper_id
        else None
    )
    files = getattr(record, "public_files", [])
    resolution = _by_role(files, ("resolutionFile",))
    return {
        **data,
        "name": record.name,
        "result": record.result,
        "consultation": ctx.url("consultation", consultation_pk),
        "resolutionFile": serialize("file", resolution[0], ctx) if resolution else None,
        "auxiliaryFile": [serialize("file", f, ctx) for f in files if f not in resolution[:1]],
    }


def consultation(record: Consultation, ctx: Context) -> dict[str, Any]:
    item_pk = (
        ctx.agenda_item_by_pair.get((record.paper_id, record.meeting_id))
        if record.meeting_id
        else None
    )
    return {
        **_common("consultation", record, ctx),
        "paper": ctx.url("paper", record.paper_id),
        "meeting": ctx.url("meeting", record.meeting_id),
        "agendaItem": ctx.url("agendaitem", item_pk),
        "organization": [ctx.url("organization", record.body_id)],
        "authoritative": record.role == Consultation.Role.DECIDING,
        "role": CONSULTATION_ROLES.get(record.role, record.role),
    }


def file(record: File, ctx: Context) -> dict[str, Any]:
    # Always our own address: it answers with the stored copy or redirects to the source.
    access = ctx.url("file", record.pk) + "inhalt/"  # type: ignore[operator]
    return {
        **_common("file", record, ctx),
        "name": record.name,
        "fileName": record.file_name,
        "mimeType": record.mime_type,
        "date": date(record.date),
        "size": record.size or None,
        "accessUrl": access,
        "downloadUrl": access + "?download=1",
        "paper": [ctx.url("paper", record.paper_id)] if record.paper_id else None,
        "meeting": [ctx.url("meeting", record.meeting_id)] if record.meeting_id else None,
        "agendaItem": [ctx.url("agendaitem", record.agenda_item_id)]
        if record.agenda_item_id
        else None,
    }


def paper(record: Paper, ctx: Context) -> dict[str, Any]:
    own = _own_files(record.public_files)
    # The source's main file where the import knows it, else the first (our uploads).
    own.sort(key=lambda f: f.role != "mainFile")
    files = [serialize("file", f, ctx) for f in own]
    data = {
        **_common("paper", record, ctx),
        "body": ctx.body_url,
        "name": record.name,
        "reference": record.reference,
        "date": date(record.date),
        "paperType": PAPER_TYPES.get(record.kind, "Sonstige Vorlage"),
        "mainFile": files[0] if files else None,
        "auxiliaryFile": files[1:],
        "consultation": [serialize("consultation", c, ctx) for c in record.consultations.all()],
        "web": ctx.web(["council:paper"], slug=ctx.municipality.slug, pk=record.pk)
        if ctx.municipality
        else None,
    }
    extension = resolutions(record, ctx)
    if extension:
        data["sozialplanung:resolutions"] = extension
    return data


SERIALIZERS: dict[str, Callable[[Any, Context], dict[str, Any]]] = {
    "organization": organization,
    "person": person,
    "membership": membership,
    "meeting": meeting,
    "agendaitem": agenda_item,
    "paper": paper,
    "consultation": consultation,
    "file": file,
    "location": location,
    "legislativeterm": legislative_term,
}


def serialize(kind: str, record: Any, ctx: Context) -> dict[str, Any]:
    if is_deleted(kind, record):
        return stub(kind, record, ctx)
    data = clean(SERIALIZERS[kind](record, ctx))
    data.setdefault("deleted", False)
    return data
