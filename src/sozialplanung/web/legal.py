"""Legal pages (Impressum, Datenschutz, Barrierefreiheitserklärung) and the feedback form
for accessibility problems.

Texts come from ``LegalText`` (written by administrators); until one is written, the page
shows a default that says it must be adapted. A report is stored (audited, confidential)
and mailed to ``ACCESSIBILITY_FEEDBACK_EMAIL`` through the task queue, so that a slow
mail server never delays the visitor's answer.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.vary import vary_on_headers

from sozialplanung.core.audit import ActingUser, save_audited
from sozialplanung.core.visibility import Visibility

from .models import AccessibilityFeedback, LegalText

DEFAULT_TEXTS = {
    LegalText.Kind.IMPRINT: gettext_lazy(
        "This installation has no legal notice yet. The administration must enter it in "
        "the admin (Legal pages): the body that runs this site, its address, who represents "
        "it, how to reach it by e-mail and telephone, and who is responsible for the content."
    ),
    LegalText.Kind.PRIVACY: gettext_lazy(
        "This installation has no privacy statement yet. The administration must enter it "
        "in the admin (Legal pages): who is responsible, the data protection officer, which "
        "personal data the site processes (logins, the change history, server logs, "
        "accessibility feedback), for what purpose, on which legal basis, how long it is "
        "kept, and the rights of the persons concerned. Without a login the site sets no "
        "cookie except the one that remembers the chosen language and protects forms."
    ),
    LegalText.Kind.ACCESSIBILITY: gettext_lazy(
        "This installation has no accessibility statement of its own yet. The "
        "administration must adapt this text in the admin (Legal pages) after testing the "
        "site. The software is built to meet WCAG 2.1 level AA (BITV 2.0): every page is "
        "tested automatically with axe-core, can be used with the keyboard and without "
        "JavaScript for reading, and maps come with data tables. If you meet a barrier, "
        "please tell us through the form below; if you receive no satisfactory answer, you "
        "may turn to the enforcement body for accessibility of your federal state."
    ),
}


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in str(text).split("\n\n") if p.strip()]


def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalText.Kind.values:
        raise Http404
    own = LegalText.objects.filter(kind=kind).first()
    return render(
        request,
        "web/legal.html",
        {
            "kind": kind,
            "title": LegalText.Kind(kind).label,
            "paragraphs": paragraphs(own.text if own else DEFAULT_TEXTS[LegalText.Kind(kind)]),
            "is_default": own is None,
            "modified": own.modified if own else None,
            "feedback_form": FeedbackForm() if kind == LegalText.Kind.ACCESSIBILITY else None,
        },
    )


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What is the problem?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=gettext_lazy("Which part of the page, what you tried, what happened."),
    )
    page_url = forms.CharField(
        label=gettext_lazy("Page concerned (address)"), max_length=500, required=False
    )
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address, if you would like an answer"), required=False
    )


def submit_accessibility_feedback(
    *, message: str, page_url: str, name: str, email: str, acting_user: ActingUser
) -> AccessibilityFeedback:
    """Store a reported barrier and queue its mail to the installation's contact."""
    from .tasks import mail_accessibility_feedback

    with transaction.atomic():
        feedback, _changed = save_audited(
            AccessibilityFeedback(),
            {"message": message, "page_url": page_url, "name": name, "email": email},
            acting_user=acting_user,
            visibility=Visibility.CONFIDENTIAL,
        )
        transaction.on_commit(lambda: mail_accessibility_feedback.enqueue(feedback.pk))
    return feedback


# The form names the page the visitor came from: never one page for all (core/page_cache.py).
@vary_on_headers("Referer")
def feedback(request: HttpRequest) -> HttpResponse:
    referer = request.headers.get("referer", "")
    initial = (
        {"page_url": referer}
        if url_has_allowed_host_and_scheme(referer, {request.get_host()})
        else {}
    )
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit_accessibility_feedback(**form.cleaned_data, acting_user=request.user)
        messages.success(
            request,
            _(
                "Thank you. Your report has been received and forwarded to the people "
                "responsible for this site."
            ),
        )
        return redirect("legal:page", LegalText.Kind.ACCESSIBILITY)
    return render(request, "web/feedback.html", {"form": form})
