"""What the site itself holds: its legal pages' texts and accessibility feedback.

A public body's site must name who runs it (Impressum), how it handles personal data
(Datenschutz) and how accessible it is, with a way to report barriers (BITV 2.0 § 7,
Saxon BfWebG). The texts differ per installation: administrators write them in the
admin; until they do, the pages show default texts that say they must be adapted.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.visibility import Visibility


class LegalText(models.Model):
    """The text of one legal page of this installation."""

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Legal notice")
        PRIVACY = "datenschutz", _("Privacy")
        ACCESSIBILITY = "barrierefreiheit", _("Accessibility statement")

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices, unique=True)
    text = models.TextField(
        _("text"),
        help_text=_(
            "Plain text; an empty line starts a new paragraph, web addresses become links."
        ),
    )
    modified = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class AccessibilityFeedback(models.Model):
    """A barrier a visitor reported through the accessibility statement's form."""

    created = models.DateTimeField(_("received"), auto_now_add=True)
    page_url = models.CharField(_("page concerned"), max_length=500, blank=True, default="")
    message = models.TextField(_("description of the problem"))
    name = models.CharField(_("name"), max_length=200, blank=True, default="")
    email = models.EmailField(_("e-mail for an answer"), blank=True, default="")
    # When the mail to the installation's contact went out (None: not yet, or no contact).
    mailed = models.DateTimeField(_("forwarded by e-mail"), null=True, blank=True)
    # Personal data of a visitor: only administrators read it.
    visibility = models.CharField(
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.CONFIDENTIAL,
        editable=False,
        verbose_name=_("visibility"),
    )

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.created:%d.%m.%Y %H:%M} {self.page_url or '–'}"
