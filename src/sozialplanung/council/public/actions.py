"""Changes behind the public pages: the planning unit's two switches, and the
subscriptions of the public.

The switches are audited like every change of the planning unit. Subscriptions are not:
the audit trail keeps what it records for good, an e-mail address must go when its
owner unsubscribes (docs/datenschutz.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sozialplanung.core.audit import ActingUser, is_process, person, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility, can_edit_planning_data, strictest

from ..models import Resolution
from .models import Subscription

#: How long a confirmation link stays valid; an unconfirmed request is deleted after it.
CONFIRM_MAX_AGE = dt.timedelta(days=3)
#: A second request for the same address and resolution within this time sends no mail.
RESEND_AFTER = dt.timedelta(minutes=15)
#: Confirmation mails to one address per day, over all resolutions.
PER_ADDRESS_PER_DAY = 5
#: Subscription requests from one client per hour.
PER_CLIENT_PER_HOUR = 10

CONFIRM_SALT = "council.public.confirm"
UNSUBSCRIBE_SALT = "council.public.unsubscribe"


class TooManyRequests(Exception):
    """The client asked for more subscriptions than the rate limit allows."""


def _require_planner(acting_user: ActingUser, municipality_id: int) -> None:
    if not is_process(acting_user) and not can_edit_planning_data(
        person(acting_user), municipality_id
    ):
        raise PermissionDenied(
            _("Only the social planning unit may decide what the public can follow.")
        )


def set_public_resolution_control(
    municipality: Municipality, enabled: bool, *, acting_user: ActingUser
) -> Municipality:
    """Switch the public pages of ``municipality`` on or off (its opt-in)."""
    with transaction.atomic():
        _require_planner(acting_user, municipality.pk)
        municipality, _changed = save_audited(
            municipality,
            {"public_resolution_control": enabled},
            acting_user=acting_user,
            municipality_id=municipality.pk,
            summary=_("Resolution control followed publicly: %(state)s")
            % {"state": _("on") if enabled else _("off")},
        )
        return municipality


def set_public_follow(
    resolution: Resolution, enabled: bool, *, acting_user: ActingUser
) -> Resolution:
    """Give ``resolution`` a public page "Was wurde aus …?" (or take it away).

    Only a public resolution of a public paper, and one per paper: the page's address is
    the paper's reference.
    """
    with transaction.atomic():
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        _require_planner(acting_user, resolution.municipality_id)
        own = strictest(resolution.visibility, resolution.paper.visibility)
        if enabled and own != Visibility.PUBLIC:
            raise ValidationError(_("Only a public resolution can be followed publicly."))
        other = (
            Resolution.objects.filter(paper=resolution.paper, public_follow=True)
            .exclude(pk=resolution.pk)
            .first()
        )
        if enabled and other is not None:
            raise ValidationError(
                _(
                    "The resolution of %(date)s on %(reference)s is already followed publicly; "
                    "there is one public page per paper."
                )
                % {"date": f"{other.date:%d.%m.%Y}", "reference": resolution.paper.reference}
            )
        resolution, _changed = save_audited(
            resolution,
            {"public_follow": enabled},
            acting_user=acting_user,
            visibility=own,
            municipality_id=resolution.municipality_id,
            summary=_("Public page “What became of …?”: %(state)s")
            % {"state": _("on") if enabled else _("off")},
        )
        return resolution


# --- Subscriptions -----------------------------------------------------------------------


def client_key(remote_address: str) -> str:
    """A keyed hash of the client's IP address: enough to count its requests, useless
    for finding out who it was once the secret key is unknown."""
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, remote_address.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Request:
    """The outcome of a subscription request; ``subscription`` is None when nothing is to
    be mailed (the address follows already, or asked a moment ago)."""

    subscription: Subscription | None


def request_subscription(
    resolution: Resolution, email: str, *, client: str, now: dt.datetime | None = None
) -> Request:
    """Record a request of ``email`` to follow ``resolution``; the caller queues the
    confirmation mail for the returned subscription.

    The answer to the requester is the same whatever happens here, so nobody learns
    whether an address follows a resolution. Raises ``TooManyRequests`` when the client
    (``client_key``) asked too often within the hour.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        Subscription.objects.filter(
            confirmed_at__isnull=True, requested_at__lt=now - CONFIRM_MAX_AGE
        ).delete()
        recent = Subscription.objects.filter(
            client_key=client, requested_at__gte=now - dt.timedelta(hours=1)
        )
        if recent.count() >= PER_CLIENT_PER_HOUR:
            raise TooManyRequests
        subscription = (
            Subscription.objects.select_for_update()
            .filter(resolution=resolution, email=email)
            .first()
        )
        if subscription is not None and (
            subscription.confirmed_at or subscription.requested_at > now - RESEND_AFTER
        ):
            return Request(None)
        today = Subscription.objects.filter(email=email, requested_at__gte=now - dt.timedelta(1))
        if today.count() >= PER_ADDRESS_PER_DAY:
            return Request(None)
        subscription = subscription or Subscription(resolution=resolution, email=email)
        subscription.requested_at = now
        subscription.client_key = client
        subscription.save()
        return Request(subscription)


def confirmation_token(subscription: Subscription) -> str:
    return signing.dumps({"id": subscription.pk, "email": subscription.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(
        {"id": subscription.pk, "email": subscription.email}, salt=UNSUBSCRIBE_SALT
    )


def _from_token(token: str, salt: str, max_age: dt.timedelta | None) -> Subscription | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return Subscription.objects.filter(pk=data.get("id"), email=data.get("email")).first()


def pending_by_token(token: str) -> Subscription | None:
    """The subscription a confirmation link is for, if the link is valid and unexpired."""
    return _from_token(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def confirm_subscription(token: str, *, now: dt.datetime | None = None) -> Subscription | None:
    """Confirm the subscription of a confirmation link; None for an invalid or expired
    link. Confirming twice changes nothing."""
    with transaction.atomic():
        subscription = pending_by_token(token)
        if subscription is not None and subscription.confirmed_at is None:
            subscription.confirmed_at = now or timezone.now()
            subscription.client_key = ""
            subscription.save(update_fields=["confirmed_at", "client_key"])
        return subscription


def subscription_by_unsubscribe_token(token: str) -> Subscription | None:
    # No expiry: the link in a mail of years ago must still work.
    return _from_token(token, UNSUBSCRIBE_SALT, None)


def unsubscribe(token: str) -> bool:
    """Delete the subscription (address and what was sent to it); False for a link that
    is invalid or was used already."""
    subscription = subscription_by_unsubscribe_token(token)
    if subscription is None:
        return False
    subscription.delete()
    return True
