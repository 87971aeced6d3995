"""Council data (OParl 1.1 objects) and, from ``control_models``, resolution control,
which OParl lacks.

Names follow OParl where OParl has the thing (Body = Organization = Gremium, Meeting,
AgendaItem, Paper, Consultation, File, Person, LegislativeTerm, Location). Resolutions,
their numbered items (Beschlusspunkte), the status reports per item and the status
letters (Beschlusskontrolle) are ours; the OParl server publishes them as a namespaced
extension. They live in ``control_models``; import them from here all the same, like
every council model.

Every record that can be secret has its own ``visibility``; children are readable only
where their parents are, too (see the ``visibility_fields`` of each queryset).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.fields import visibility_field
from sozialplanung.core.models import Municipality, Office, TimeStampedModel
from sozialplanung.core.visibility import VisibleQuerySet


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


# Resolution control lives in its own module (it is ours, not OParl's); imported here
# so that Django finds the models and every council model is imported from here.
from .control_models import (  # noqa: E402, F401
    Reminder,
    Resolution,
    ResolutionItem,
    StatusLetter,
    StatusReport,
)

# The OParl synchronisation's setting lives beside the sync code; imported here so
# that Django finds the model.
from .oparl.schedule import OparlSync  # noqa: E402, F401

# The public pages' subscriptions live in council/public/models.py.
from .public.models import Subscription, SubscriptionNotice  # noqa: E402, F401
