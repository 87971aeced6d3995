"""The mails of the subscriptions: the confirmation (double opt-in) and the news of a
resolution. Every one carries its unsubscribe link, in the text and as the
List-Unsubscribe header with one-click POST (RFC 8058).

Written by the worker, without a request: links are built on ``settings.SITE_URL`` and
the texts are in the installation's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import Resolution, StatusReport
from .actions import CONFIRM_MAX_AGE, confirmation_token, unsubscribe_token
from .models import Subscription
from .queries import reference_key


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def page_url(resolution: Resolution) -> str:
    key = reference_key(resolution.paper.reference)
    return absolute(reverse("follow:resolution", args=[resolution.municipality.slug, key]))


def _send(subscription: Subscription, template: str, context: dict[str, object]) -> None:
    resolution = subscription.resolution
    slug = resolution.municipality.slug
    leave = absolute(reverse("follow:unsubscribe", args=[slug, unsubscribe_token(subscription)]))
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            template,
            {
                "resolution": resolution,
                "paper": resolution.paper,
                "municipality": resolution.municipality,
                "page": page_url(resolution),
                "unsubscribe": leave,
                **context,
            },
        )
    subject, _blank, body = text.strip().partition("\n\n")
    EmailMessage(
        subject.strip(),
        body.strip() + "\n",
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{leave}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def send_confirmation(subscription: Subscription) -> None:
    slug = subscription.resolution.municipality.slug
    link = absolute(reverse("follow:confirm", args=[slug, confirmation_token(subscription)]))
    _send(
        subscription,
        "council/public/mail_confirm.txt",
        {"confirm": link, "days": CONFIRM_MAX_AGE.days},
    )


def send_news(subscription: Subscription, reports: Sequence[StatusReport]) -> None:
    """One mail with every report of this change (a released letter publishes several)."""
    _send(subscription, "council/public/mail_news.txt", {"reports": reports})
