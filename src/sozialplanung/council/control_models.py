"""Resolution control (Beschlusskontrolle), which OParl lacks: resolutions, their
numbered items (Beschlusspunkte), the status reports per item, the status letters to the
council and the reminders of due control dates.

These stand apart from the OParl objects in ``models`` because they are ours: the
planning unit's rules for them (who reports on an item, when a report is published, that
a released letter is frozen) have no counterpart in OParl, whose server publishes them
only as a namespaced extension. ``models`` imports them at its end, so that Django finds
them; import them from there, as every council model: this module needs the OParl
objects of ``models`` and must not be imported before it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sozialplanung.core.fields import visibility_field
from sozialplanung.core.models import Office, TimeStampedModel
from sozialplanung.core.visibility import PublishableQuerySet, VisibleQuerySet

from .models import Body, CouncilRecord, Meeting, Paper


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
