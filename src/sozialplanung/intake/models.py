"""A document read in and waiting for review: the extracted fields, before anything is
saved as council data. Confirming the draft turns it into papers, resolutions and status
reports (see ``actions.confirm_draft``) and deletes it together with the uploaded file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality


class IntakeDraft(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=300)
    # Where the upload lies under MEDIA_ROOT, so that confirming or discarding removes it.
    stored_name = models.CharField(max_length=300, blank=True, default="")
    fields = models.JSONField(_("extracted fields"), default=dict)
    text = models.TextField(_("source text"), blank=True, default="")
    uncertain = models.JSONField(_("uncertain fields"), default=list)
    warnings = models.JSONField(_("warnings"), default=list)
    source_kind = models.CharField(_("read as"), max_length=10, default="text")
    # SHA-256 of the file's bytes: a bulk intake that meets the same document again
    # (here or in ``ReadDocument``) leaves it alone. Empty for single uploads before it.
    content_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake draft")
        verbose_name_plural = _("intake drafts")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.file_name


class ReadDocument(models.Model):
    """A document whose draft was confirmed: the draft is gone, its content hash stays, so
    that reading the same ZIP again does not bring the document back as a new draft."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    content_hash = models.CharField(max_length=64)
    file_name = models.CharField(_("file name"), max_length=300)
    reference = models.CharField(_("reference"), max_length=50, blank=True, default="")
    confirmed = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed document")
        verbose_name_plural = _("confirmed documents")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "content_hash"], name="intake_read_document_once"
            )
        ]

    def __str__(self) -> str:
        return self.file_name
