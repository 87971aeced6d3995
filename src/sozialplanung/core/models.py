"""Municipalities, users with their roles, the visibility scale and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .visibility import Role, Visibility, VisibleQuerySet


class TimeStampedModel(models.Model):
    """Base of every domain record: when it was created and last changed.

    OParl's created/modified and the "how fresh is this record" views read these.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class Municipality(TimeStampedModel):
    """A city, district or town served by this installation (OParl: Body).

    Every domain record belongs to exactly one municipality.
    """

    slug = models.SlugField(_("short name"), unique=True, help_text=_("Used in URLs and the CLI."))
    name = models.CharField(_("name"), max_length=200)
    ags = models.CharField(
        _("official municipality key (AGS)"), max_length=8, blank=True, default=""
    )
    website = models.URLField(_("website"), blank=True, default="")
    # Opt-in of the planning unit: the public pages "Was wurde aus …?", their feeds and
    # e-mail subscriptions exist only for municipalities that switch this on (and then
    # only for the resolutions the planning unit publishes there, see council/public).
    public_resolution_control = models.BooleanField(
        _("resolution control can be followed publicly"), default=False
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(TimeStampedModel):
    """An office of the administration (Sozialamt, Jugendamt, GB 5 …).

    Offices are responsible for resolution items and measures; Fachamt users belong to
    one and receive its reminders.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="offices")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_office_name")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. The public (Öffentlichkeit) never logs in: it is anonymous."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TRAEGER)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty only for administrators, who work across municipalities."),
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("For specialist offices: the office whose items the user reports on."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


class AuditEntry(models.Model):
    """One change to a domain record: who, when, what before, what after.

    Written only by ``core.audit.record_change`` inside the action that made the change.
    Entries are never edited or deleted by the application.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    # The user's login name, or the name of the ``core.audit.Process`` that acted.
    actor = models.CharField(_("by"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True, verbose_name=_("record ID"))
    object_repr = models.CharField(_("record"), max_length=300)
    summary = models.CharField(_("summary"), max_length=500, blank=True, default="")
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # Visibility of the record at the time of the change: the trail of a non-public
    # record is itself non-public.
    visibility = models.CharField(
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        verbose_name=_("visibility"),
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%d.%m.%Y %H:%M} {self.actor}: {self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ImportJob(TimeStampedModel):
    """One import started from the web: its progress, and what came of it.

    The upload page stores the file and creates the job, a task on the queue runs the
    importer in a worker (``core.imports.jobs``) and writes progress and a heartbeat
    here; the progress page polls it. The uploaded file is deleted afterwards, only its
    name stays.
    """

    class Kind(models.TextChoices):
        AREAS = "areas", _("areas")
        INDICATORS = "indicators", _("indicator values")
        # A ZIP of council documents read into intake drafts (intake.bulk).
        DOCUMENTS = "documents", _("council documents")
        OPARL = "oparl", _("council data (OParl)")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    filename = models.CharField(_("file"), max_length=300, blank=True, default="")
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    # What ``done``/``total`` count now, for jobs with several steps ("Vorlagen").
    stage = models.CharField(_("stage"), max_length=100, blank=True, default="")
    # A sentence for the user: what failed, or the importer's summary on success.
    message = models.TextField(_("message"), blank=True, default="")
    # [{"file", "row", "column", "message"}, …] from ImportFailed.problems.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    summary = models.TextField(_("result"), blank=True, default="")
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    # The stored upload, relative to MEDIA_ROOT, until the job ends.
    upload = models.CharField(_("upload"), max_length=300, blank=True, default="")
    # The importer's options besides file and municipality (JSON, as the task reads them).
    options = models.JSONField(_("options"), default=dict, blank=True)
    # The task on the queue (django-tasks result id) that runs this job.
    task_id = models.CharField(_("task"), max_length=64, blank=True, default="")
    # Last sign of life of the worker running the import; stale means the worker died.
    heartbeat = models.DateTimeField(_("heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
