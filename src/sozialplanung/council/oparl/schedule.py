"""The per-municipality setting of the OParl synchronisation, and when a run is due.

One row per municipality: the council system's address, whether it runs by itself and
when (every so many hours, or daily at a time), and up to when the last successful
run fetched the source's changes: the next run asks only for what changed since
(``modified_since``). The model lives here, beside the sync; ``council.models``
imports it so that Django finds it.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality, TimeStampedModel


class OparlSync(TimeStampedModel):
    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="oparl_sync",
    )
    source = models.URLField(
        _("address of the OParl system"),
        max_length=500,
        help_text=_("The URL of the council system's OParl System object (https://…)."),
    )
    enabled = models.BooleanField(
        _("synchronise automatically"),
        default=False,
        help_text=_("Without this, the synchronisation runs only when started on this page."),
    )
    interval_hours = models.PositiveSmallIntegerField(
        _("every … hours"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 7)],
        help_text=_("How often the synchronisation runs, unless a daily time is set."),
    )
    daily_time = models.TimeField(
        _("daily at"),
        null=True,
        blank=True,
        help_text=_("If set, the synchronisation runs once a day from this time on (HH:MM)."),
    )
    accept_other_body = models.BooleanField(
        _("accept another body"),
        default=False,
        help_text=_("Import even if the body in the source has another municipality key or name."),
    )
    # When the run that last succeeded began to fetch: the next run's modified_since.
    last_success = models.DateTimeField(_("changes fetched up to"), null=True, blank=True)

    class Meta:
        verbose_name = _("OParl synchronisation")
        verbose_name_plural = _("OParl synchronisations")

    def __str__(self) -> str:
        return f"{self.municipality} ← {self.source}"

    def is_due(self, now: dt.datetime, last_started: dt.datetime | None) -> bool:
        """Is a run due at ``now``, when the last run (of any outcome) began at ``last_started``?"""
        if not self.enabled:
            return False
        if last_started is None:
            return True
        if self.daily_time is not None:
            local = timezone.localtime(now)
            slot = local.replace(
                hour=self.daily_time.hour,
                minute=self.daily_time.minute,
                second=0,
                microsecond=0,
            )
            if local < slot:
                slot -= dt.timedelta(days=1)
            return last_started < slot
        return now - last_started >= dt.timedelta(hours=self.interval_hours)
