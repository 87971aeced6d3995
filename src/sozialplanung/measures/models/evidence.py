"""The evidence list (Erkenntnisse): studies the planning unit keeps at hand, per
municipality, to cite in the Sozialraumbericht (A0200/21: "Erkenntnisse bundesweiter
Studien sowie Erfahrungen und Erkenntnisse lokaler Träger")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sozialplanung.areas.models import PlanningDomain
from sozialplanung.core.fields import visibility_field
from sozialplanung.core.models import Municipality, TimeStampedModel
from sozialplanung.core.visibility import VisibleQuerySet


class EvidenceQuerySet(VisibleQuerySet):
    pass


class Evidence(TimeStampedModel):
    """One study or local finding; cited in the report under the domains it names (all
    domains when it names none)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True, default="")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")
    domains = models.ManyToManyField(
        PlanningDomain, blank=True, related_name="evidence", verbose_name=_("planning domains")
    )
    visibility = visibility_field()
    is_example = models.BooleanField(_("example data"), default=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence list")
        ordering = ["municipality", "-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def citation(self) -> str:
        """As the report cites it: publisher (year): title."""
        who = ", ".join(p for p in (self.publisher, str(self.year or "")) if p)
        return f"{who}: {self.title}" if who else self.title
