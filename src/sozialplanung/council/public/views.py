"""The public pages "Was wurde aus …?": the list of followed resolutions, a resolution,
one of its items, the subscription with its confirmation and unsubscribe pages, and the
planning unit's two switches.

Everything is read through ``queries`` (the public reader), whoever is logged in: the
pages show what the public sees. A resolution without a public page is a 404, the same
answer as for one that does not exist; so is the list of a municipality that did not
opt in, except for its planning unit, which switches it on there.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_page, page_context, planning_unit

from ..models import Resolution, StatusReport
from . import actions, queries, tasks
from .forms import SubscriptionForm

NAV = "council"
REFUSAL = gettext_lazy("Only the social planning unit may decide what the public can follow.")


def _context(request: HttpRequest, municipality: Municipality, **extra: Any) -> dict[str, Any]:
    return {
        **page_context(request, municipality, NAV),
        "may_switch": planning_unit(request.user, municipality),
        **extra,
    }


def _resolution_or_404(municipality: Municipality, reference: str) -> Resolution:
    resolution = queries.followed_resolution(municipality, reference)
    if resolution is None:
        raise Http404
    return resolution


def _items_with_history(resolution: Resolution) -> list[Any]:
    items = list(queries.public_items(resolution))
    history = queries.latest_by_item(items)
    for item in items:
        item.public_history = history[item.pk]
        item.current = item.public_history[0] if item.public_history else None
    return items


@municipality_page()
def resolution_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    may_switch = planning_unit(request.user, municipality)
    if not municipality.public_resolution_control and not may_switch:
        raise Http404
    rows = []
    for resolution in queries.followed_resolutions(municipality).order_by("-date", "-id"):
        items = _items_with_history(resolution)
        resolution.public_key = queries.reference_key(resolution.paper.reference)
        done = sum(1 for i in items if i.current and i.current.status == StatusReport.Status.DONE)
        rows.append({"resolution": resolution, "items": items, "done": done})
    return render(
        request,
        "council/public/list.html",
        _context(request, municipality, rows=rows),
    )


@municipality_page()
def resolution_page(
    request: HttpRequest, municipality: Municipality, reference: str
) -> HttpResponse:
    resolution = _resolution_or_404(municipality, reference)
    form = SubscriptionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        # The client's address as the login lock-out sees it (behind a proxy too).
        client = actions.client_key(get_client_ip_address(request) or "")
        try:
            asked = actions.request_subscription(
                resolution, form.cleaned_data["email"], client=client
            )
        except actions.TooManyRequests:
            form.add_error(
                None,
                _(
                    "Too many subscription requests from your connection within the hour. "
                    "Please try again later."
                ),
            )
            status = 429
        else:
            if asked.subscription is not None:
                tasks.send_confirmation.enqueue(asked.subscription.pk)
            messages.success(
                request,
                _(
                    "Thank you. Unless %(email)s follows this resolution already, a mail with "
                    "a confirmation link is on its way to it. The link is valid for %(days)s days."
                )
                % {"email": form.cleaned_data["email"], "days": actions.CONFIRM_MAX_AGE.days},
            )
            return redirect(request.path + "#abonnieren")
    return render(
        request,
        "council/public/resolution.html",
        _context(
            request,
            municipality,
            resolution=resolution,
            paper=resolution.paper,
            items=_items_with_history(resolution),
            form=form,
            key=reference,
        ),
        status=status,
    )


@municipality_page()
def item_page(
    request: HttpRequest, municipality: Municipality, reference: str, number: str
) -> HttpResponse:
    resolution = _resolution_or_404(municipality, reference)
    item = get_object_or_404(queries.public_items(resolution), number=number)
    history = queries.latest_by_item([item])[item.pk]
    return render(
        request,
        "council/public/item.html",
        _context(
            request,
            municipality,
            resolution=resolution,
            paper=resolution.paper,
            item=item,
            history=history,
            current=history[0] if history else None,
            measures=queries.public_measures(item),
            key=reference,
        ),
    )


@municipality_page()
def confirm(request: HttpRequest, municipality: Municipality, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: a mail scanner that opens links does not
    subscribe anybody."""
    subscription = actions.pending_by_token(token)
    if subscription is None or subscription.resolution.municipality_id != municipality.pk:
        return render(
            request, "council/public/link_invalid.html", _context(request, municipality), status=404
        )
    if request.method == "POST":
        actions.confirm_subscription(token)
        subscription.refresh_from_db()
    resolution = subscription.resolution
    return render(
        request,
        "council/public/confirm.html",
        _context(
            request,
            municipality,
            subscription=subscription,
            resolution=resolution,
            paper=resolution.paper,
            key=queries.reference_key(resolution.paper.reference),
        ),
    )


# One-click unsubscribe (RFC 8058): mail programs POST without a form of ours, so no CSRF
# token; the signed token in the address is the authorisation.
@csrf_exempt
@municipality_page()
def unsubscribe(request: HttpRequest, municipality: Municipality, token: str) -> HttpResponse:
    """GET shows a button, POST unsubscribes (from the page or the mail program)."""
    subscription = actions.subscription_by_unsubscribe_token(token)
    mine = subscription is not None and subscription.resolution.municipality_id == municipality.pk
    if request.method == "POST":
        done = mine and actions.unsubscribe(token)
        return render(
            request,
            "council/public/unsubscribed.html",
            _context(request, municipality, done=done),
        )
    if not mine:
        return render(
            request, "council/public/link_invalid.html", _context(request, municipality), status=404
        )
    resolution = subscription.resolution
    return render(
        request,
        "council/public/unsubscribe.html",
        _context(request, municipality, subscription=subscription, paper=resolution.paper),
    )


def _on(request: HttpRequest) -> bool:
    return request.POST.get("public") == "on"


@require_POST
@municipality_page(planning_unit, refusal=REFUSAL)
def switch_municipality(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    actions.set_public_resolution_control(municipality, _on(request), acting_user=request.user)
    messages.success(
        request,
        _("The public can follow the resolution control now.")
        if _on(request)
        else _("The public pages “What became of …?” are switched off."),
    )
    return redirect("follow:list", municipality.slug)


@require_POST
@municipality_page(planning_unit, refusal=REFUSAL)
def switch_resolution(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    resolution = get_object_or_404(
        Resolution.objects.visible_to(request.user), municipality=municipality, pk=pk
    )
    try:
        actions.set_public_follow(resolution, _on(request), acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The resolution has a public page “What became of …?” now.")
            if _on(request)
            else _("The resolution's public page is switched off."),
        )
    return redirect(reverse("council:resolution", args=[municipality.slug, pk]) + "#oeffentlich")
