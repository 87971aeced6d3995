"""The web app's task on the queue: forwarding an accessibility report by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .models import AccessibilityFeedback


@task()
def mail_accessibility_feedback(feedback_id: int) -> bool:
    """Mail one report to ``ACCESSIBILITY_FEEDBACK_EMAIL``; False when none is set.

    The report stays stored either way; ``mailed`` says whether it went out, so a rerun
    of the task never sends it twice.
    """
    to = settings.ACCESSIBILITY_FEEDBACK_EMAIL
    feedback = AccessibilityFeedback.objects.get(pk=feedback_id)
    if not to or feedback.mailed is not None:
        return False
    body = "\n".join(
        [
            f"Seite: {feedback.page_url or '–'}",
            f"Name: {feedback.name or '–'}",
            f"E-Mail: {feedback.email or '–'}",
            f"Eingegangen: {timezone.localtime(feedback.created):%d.%m.%Y %H:%M}",
            "",
            feedback.message,
        ]
    )
    send_mail("Meldung einer Barriere", body, None, [to], fail_silently=False)
    AccessibilityFeedback.objects.filter(pk=feedback.pk).update(mailed=timezone.now())
    return True
