"""The subscriptions' mails on the queue: the confirmation, and the news when a report
of a followed resolution is published (queued by ``announce``, called where reports are
published: ``council.actions._publish``).

Exactly once: the news task writes a ``SubscriptionNotice`` per report and publication in
the transaction that sends, under a lock of the subscription; a retried or a parallel
task finds the rows and sends nothing twice. A mail that fails rolls its rows back, so
the next run sends it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_tasks import task

from ..models import StatusReport
from . import mails
from .models import Subscription, SubscriptionNotice
from .queries import public_reports


@task()
def send_confirmation(subscription_id: int) -> bool:
    """Send the confirmation link; False if the request is gone or confirmed meanwhile."""
    subscription = (
        Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True)
        .select_related("resolution__paper", "resolution__municipality")
        .first()
    )
    if subscription is None:
        return False
    mails.send_confirmation(subscription)
    return True


@task()
def notify_subscribers(report_id: int) -> int:
    """Mail every confirmed subscriber of the report's resolution what is new since
    their last mail (this report and any published with it); returns the mails sent."""
    report = public_reports(pk=report_id).first()
    if report is None:  # not public (any more), or the resolution is no longer followed
        return 0
    resolution_id = report.item.resolution_id
    subscribers = Subscription.objects.filter(
        resolution_id=resolution_id, confirmed_at__isnull=False
    ).values_list("pk", flat=True)
    return sum(_notify(pk, resolution_id) for pk in subscribers)


def _notify(subscription_id: int, resolution_id: int) -> int:
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(pk=subscription_id, confirmed_at__isnull=False)
            .select_related("resolution__paper", "resolution__municipality")
            .first()
        )
        if subscription is None:  # unsubscribed meanwhile
            return 0
        sent = SubscriptionNotice.objects.filter(
            subscription=subscription, report=OuterRef("pk"), published_at=OuterRef("published_at")
        )
        news = list(
            public_reports(
                item__resolution_id=resolution_id, published_at__gte=subscription.confirmed_at
            )
            .exclude(Exists(sent))
            .order_by("item__order", "item_id", "-date")
        )
        if not news:
            return 0
        SubscriptionNotice.objects.bulk_create(
            SubscriptionNotice(subscription=subscription, report=r, published_at=r.published_at)
            for r in news
        )
        mails.send_news(subscription, news)
        return 1


def announce(report: StatusReport) -> None:
    """Queue the news of a just published report, once the publication is committed,
    if anyone is to hear of it."""
    report_id = report.pk

    def queue() -> None:
        found = public_reports(pk=report_id).values_list("item__resolution_id", flat=True)
        waiting = Subscription.objects.filter(
            resolution_id__in=found, confirmed_at__isnull=False
        ).exists()
        if waiting:
            notify_subscribers.enqueue(report_id)

    transaction.on_commit(queue)
