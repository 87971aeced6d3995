"""E-mail subscriptions to a resolution's public page, and what was sent to them.

An address is personal data: it is kept only while it follows a resolution, an
unconfirmed request is deleted when its confirmation link expires, and unsubscribing
deletes the row with everything sent to it (docs/datenschutz.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """One address following one resolution; active once the address confirmed it."""

    resolution = models.ForeignKey(
        "council.Resolution", on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("e-mail"))
    # When the last confirmation mail was asked for: the rate limit counts these.
    requested_at = models.DateTimeField(_("requested at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # A keyed hash of the requesting client's address, for the rate limit only; emptied
    # at confirmation (never the address itself).
    client_key = models.CharField(max_length=64, blank=True, default="", db_index=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "email"], name="unique_subscription_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.resolution_id}"


class SubscriptionNotice(models.Model):
    """A status report (at one publication) announced to one subscription.

    The unique constraint makes the mail exactly-once: the task writes these rows in the
    transaction that sends, so a retried task finds them and sends nothing twice. A
    report changed and published again has a new ``published_at``: a new change.
    """

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sent")
    report = models.ForeignKey("council.StatusReport", on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "report", "published_at"], name="unique_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.report_id} ({self.published_at:%d.%m.%Y %H:%M})"
