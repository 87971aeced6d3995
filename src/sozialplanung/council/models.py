"""Council data (OParl 1.1 objects) and resolution control, which OParl lacks.

Names follow OParl where OParl has the thing (Body = Organization = Gremium, Meeting,
AgendaItem, Paper, Consultation, File, Person, LegislativeTerm, Location). Resolutions,
their numbered items (Beschlusspunkte), the status reports per item and the status
letters (Beschlusskontrolle) are ours; the OParl server publishes them as a namespaced
extension.

Every record that can be secret has its own ``visibility``; children are readable only
where their parents are, too (see the ``visibility_fields`` of each queryset).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sozialplanung.core.fields import visibility_field
from sozialplanung.core.models import Municipality, Office, TimeStampedModel
from sozialplanung.core.visibility import PublishableQuerySet, VisibleQuerySet


class CouncilRecord(TimeStampedModel):
    """Base of council records: municipality, OParl identity, soft deletion.

    OParl requires deleted objects to stay addressable with ``deleted: true``; so
    records are never removed, only marked. ``oparl_id`` keeps the URL of an object
    imported from another system, so that a second import updates instead of duplicating.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    oparl_id = models.URLField(_("OParl ID"), max_length=500, blank=True, default="", db_index=True)
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        abstract = True


class LegislativeTerm(CouncilRecord):
    """Wahlperiode."""

    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name


class Body(CouncilRecord):
    """A Gremium: the council, a committee, an advisory board (OParl: Organization)."""

    class Kind(models.TextChoices):
        COUNCIL = "stadtrat", _("council")
        COMMITTEE = "ausschuss", _("committee")
        ADVISORY_BOARD = "beirat", _("advisory board")
        LOCAL_COUNCIL = "ortschaftsrat", _("local or district council")
        GROUP = "fraktion", _("council group")
        ADMINISTRATION = "verwaltung", _("administration")
        OTHER = "sonstiges", _("other")

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=50, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(CouncilRecord):
    name = models.CharField(_("name"), max_length=300)
    family_name = models.CharField(_("family name"), max_length=200, blank=True, default="")
    given_name = models.CharField(_("given name"), max_length=200, blank=True, default="")
    form_of_address = models.CharField(_("form of address"), max_length=50, blank=True, default="")
    bodies = models.ManyToManyField(Body, through="Membership", related_name="members")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(CouncilRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=200, blank=True, default="")
    voting_right = models.BooleanField(_("voting right"), default=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")


class Location(CouncilRecord):
    description = models.CharField(_("description"), max_length=500, blank=True, default="")
    street_address = models.CharField(_("street address"), max_length=300, blank=True, default="")
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True, default="")
    locality = models.CharField(_("locality"), max_length=200, blank=True, default="")
    room = models.CharField(_("room"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.description or self.street_address


class Meeting(CouncilRecord):
    """A Sitzung of one or more bodies, with its session number (SR/063/2024)."""

    name = models.CharField(_("name"), max_length=300)
    session_number = models.CharField(_("session number"), max_length=50, blank=True, default="")
    bodies = models.ManyToManyField(Body, related_name="meetings", verbose_name=_("bodies"))
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("location")
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start"]

    def __str__(self) -> str:
        return f"{self.session_number} {self.name}".strip()


class PaperQuerySet(VisibleQuerySet):
    pass


class Paper(CouncilRecord):
    """A Drucksache: Vorlage of the administration, Antrag of a council group, Anfrage."""

    class Kind(models.TextChoices):
        VORLAGE = "vorlage", _("administration paper (Vorlage)")
        ANTRAG = "antrag", _("motion (Antrag)")
        ANFRAGE = "anfrage", _("question (Anfrage)")
        INFORMATIONSVORLAGE = "informationsvorlage", _("information paper")
        OTHER = "sonstiges", _("other")

    # As printed: V2696/24, A0200/21, VI-A-05385. Unique per municipality.
    reference = models.CharField(_("reference"), max_length=50)
    name = models.CharField(_("subject"), max_length=1000)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.VORLAGE)
    date = models.DateField(_("date"), null=True, blank=True)
    originator = models.CharField(
        _("originator"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("e.g. Oberbürgermeister, Fraktion …"),
    )
    responsible_office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible office"),
    )
    text = models.TextField(_("text"), blank=True, default="")
    visibility = visibility_field()

    objects = PaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="unique_paper_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


class ChildOfPaperQuerySet(VisibleQuerySet):
    visibility_fields = ("paper__visibility",)
    municipality_field = "paper__municipality"


class Consultation(models.Model):
    """One step of a paper's Beratungsfolge: which body, when, public or not, in what role."""

    class Role(models.TextChoices):
        ADVISORY = "beratend", _("advisory")
        FIRST_READING = "1_lesung", _("first reading")
        LEAD = "federfuehrend", _("lead")
        DECIDING = "beschliessend", _("deciding")
        PRELIMINARY = "vorberatend", _("preliminary")
        NOTICE = "kenntnisnahme", _("for information")

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="consultations")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="consultations")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultations"
    )
    date = models.DateField(_("date"), null=True, blank=True)
    public = models.BooleanField(_("public session"), default=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    oparl_id = models.URLField(max_length=500, blank=True, default="", db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = ChildOfPaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultation sequence")
        ordering = ["paper", "order"]

    def __str__(self) -> str:
        return f"{self.paper.reference}: {self.body} ({self.get_role_display()})"


class AgendaItemQuerySet(VisibleQuerySet):
    visibility_fields = ("visibility",)
    municipality_field = "meeting__municipality"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("number"), max_length=20)
    name = models.CharField(_("name"), max_length=1000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    public = models.BooleanField(_("public"), default=True)
    paper = models.ForeignKey(
        Paper, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    result = models.CharField(_("result"), max_length=500, blank=True, default="")
    visibility = visibility_field()
    oparl_id = models.URLField(max_length=500, blank=True, default="", db_index=True)
    deleted = models.BooleanField(default=False)
    # Properties of the source object we have no field for (vendor keys), kept as they came.
    extra = models.JSONField(_("further properties"), default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class File(CouncilRecord):
    """A document (PDF, DOCX, text) attached to a paper or meeting."""

    name = models.CharField(_("name"), max_length=500)
    file_name = models.CharField(_("file name"), max_length=300)
    mime_type = models.CharField(_("MIME type"), max_length=100, default="application/pdf")
    content = models.FileField(_("file"), upload_to="council/files/", blank=True)
    text = models.TextField(_("extracted text"), blank=True, default="")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    # A resolution text or annex of one agenda item (OParl resolutionFile/auxiliaryFile).
    agenda_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="files"
    )
    # The property the source names the file under (mainFile, invitation, resolutionFile …),
    # so that our server gives it back in the same place; empty for an annex.
    role = models.CharField(_("role"), max_length=30, blank=True, default="")
    date = models.DateField(_("date"), null=True, blank=True)
    # Where the source system serves the document (imported files): our accessUrl
    # redirects there unless the import kept a copy in ``content``.
    access_url = models.URLField(_("source access URL"), max_length=1000, blank=True, default="")
    download_url = models.URLField(
        _("source download URL"), max_length=1000, blank=True, default=""
    )
    # Properties of the source object we have no field for (vendor keys such as
    # "STERNBERG:…"), kept as they came.
    extra = models.JSONField(_("further properties"), default=dict, blank=True)
    visibility = visibility_field()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.name


class ResolutionQuerySet(VisibleQuerySet):
    visibility_fields = ("visibility", "paper__visibility")


class Resolution(CouncilRecord):
    """A Beschluss: what a body decided on a paper in a meeting."""

    paper = models.ForeignKey(
        Paper, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("paper")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("meeting"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body"),
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("resolution text"), blank=True, default="")
    votes_yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    visibility = visibility_field()
    # Set by the planning unit: the resolution has a public page "Was wurde aus …?"
    # (if its municipality opts in as well; the rule is in council/public/queries.py).
    public_follow = models.BooleanField(_("on the public page “What became of …?”"), default=False)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-date"]

    def __str__(self) -> str:
        session = f" ({self.meeting.session_number})" if self.meeting_id else ""
        return f"{self.paper.reference}{session}"


class ResolutionItemQuerySet(VisibleQuerySet):
    visibility_fields = ("visibility", "resolution__visibility", "resolution__paper__visibility")
    municipality_field = "resolution__municipality"


class ResolutionItem(TimeStampedModel):
    """A numbered Beschlusspunkt: what one office must carry out."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="items", verbose_name=_("resolution")
    )
    number = models.CharField(_("number"), max_length=10)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    responsible_office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolution_items",
        verbose_name=_("responsible office"),
    )
    visibility = visibility_field()

    objects = ResolutionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution item")
        verbose_name_plural = _("resolution items")
        ordering = ["resolution", "order"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "number"], name="unique_item_number")
        ]

    def __str__(self) -> str:
        return f"{self.resolution.paper.reference} Punkt {self.number}"


class StatusLetterQuerySet(PublishableQuerySet):
    """A draft letter is the planning unit's until it is released (then it is published)."""

    visibility_fields = ("visibility", "resolution__visibility", "resolution__paper__visibility")
    municipality_field = "resolution__municipality"

    def published(self) -> models.Q:
        return models.Q(state=StatusLetter.State.RELEASED)


class StatusLetter(TimeStampedModel):
    """The Beschlusskontrolle letter to the council for one resolution at one date.

    Drafted by the planning unit from the items' status reports, then released; a
    released letter is frozen (its reports and texts no longer change).
    """

    class State(models.TextChoices):
        DRAFT = "entwurf", _("draft")
        RELEASED = "freigegeben", _("released")

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="letters", verbose_name=_("resolution")
    )
    date = models.DateField(_("date"))
    file_reference = models.CharField(
        _("file reference (GZ)"), max_length=100, blank=True, default=""
    )
    sender = models.CharField(_("sender (department)"), max_length=300, blank=True, default="")
    addressees = models.TextField(_("addressees"), blank=True, default="")
    next_control_date = models.DateField(_("next control"), null=True, blank=True)
    # A context of its own: "state" is also the funding source (Land) elsewhere.
    state = models.CharField(
        pgettext_lazy("status letter", "state"),
        max_length=20,
        choices=State.choices,
        default=State.DRAFT,
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    # The status of the measures linked to each item, as the letter cites it: written
    # when the letter is drafted, so that a released letter keeps what it said.
    # {item id: ["Maßnahme „…“ (Sozialamt, fällig III/2025): in der Umsetzung.", …]}
    cited_measures = models.JSONField(_("cited measures"), default=dict, blank=True)
    # The whole letter as released (``letters.content.content_to_json``): every output
    # of a released letter renders this, never the records it was written from.
    content = models.JSONField(_("content as released"), null=True, blank=True)
    visibility = visibility_field()

    objects = StatusLetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("status letter")
        verbose_name_plural = _("status letters")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"Beschlusskontrolle zu {self.resolution} vom {self.date:%d.%m.%Y}"


class StatusReportQuerySet(PublishableQuerySet):
    """Internal until the planning unit publishes it; until then the writing office and
    the responsible office read it, besides the planning unit (``PublishableQuerySet``)."""

    office_fields = ("office", "item__responsible_office")
    visibility_fields = (
        "visibility",
        "item__visibility",
        "item__resolution__visibility",
        "item__resolution__paper__visibility",
    )
    municipality_field = "item__resolution__municipality"


class StatusReport(TimeStampedModel):
    """One Beschlusskontrolle entry for one item: status, narrative, next control date.

    Reports are never edited after they are part of a released letter; the history of an
    item is the list of its reports. A report is internal to the administration until
    the planning unit publishes it (``published_at``): with the released letter, or on
    its own from the resolution page.
    """

    class Status(models.TextChoices):
        DONE = "umgesetzt", _("implemented")
        IN_PROGRESS = "in_umsetzung", _("being implemented")
        CONSIDERED = "wird_beruecksichtigt", _("being taken into account")
        NOT_DONE = "nicht_umgesetzt", _("not implemented")
        SUPERSEDED = "erledigt", _("settled by another resolution")
        DEFERRED = "zurueckgestellt", _("deferred")

    item = models.ForeignKey(
        ResolutionItem,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("resolution item"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=30, choices=Status.choices)
    narrative = models.TextField(_("narrative"), blank=True, default="")
    # Why an item is later than planned; the periodic report to the council prints it.
    delay_reason = models.TextField(_("reason for delay"), blank=True, default="")
    # For the public pages, their feeds and mails, which never show the narrative: the
    # narrative is written for the administration and the council.
    public_note = models.TextField(_("public note"), blank=True, default="")
    next_control_date = models.DateField(_("next control"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office"),
    )
    letter = models.ForeignKey(
        StatusLetter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("status letter"),
    )
    visibility = visibility_field()
    # Empty while the report is internal (see StatusReportQuerySet).
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["item", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()} ({self.date:%d.%m.%Y})"


class Reminder(models.Model):
    """A reminder sent to an office for an item's due control date.

    The unique constraint is what makes reminders exactly-once across restarts.
    """

    item = models.ForeignKey(ResolutionItem, on_delete=models.CASCADE, related_name="reminders")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.CharField(max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["item", "office", "due_date"], name="unique_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.office} – {self.due_date:%d.%m.%Y}"


# The OParl synchronisation's setting lives beside the sync code; imported here so
# that Django finds the model.
from .oparl.schedule import OparlSync  # noqa: E402, F401

# The public pages' subscriptions live in council/public/models.py.
from .public.models import Subscription, SubscriptionNotice  # noqa: E402, F401
