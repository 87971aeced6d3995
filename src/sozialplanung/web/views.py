"""Pages that belong to no single app: home, login, switching the municipality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from sozialplanung.core.models import Municipality

from . import start


def home(request: HttpRequest) -> HttpResponse:
    """The public's start page; after login, the start page of the user's role."""
    context: dict[str, Any] = {"municipalities": Municipality.objects.order_by("name")}
    if request.user.is_authenticated:
        context |= start.start_context(request.user, dt.date.today())
    else:
        context["resolutions"] = start.published_resolutions()
    return render(request, "web/home.html", context)


def switch_municipality(request: HttpRequest) -> HttpResponse:
    """Target of the header's municipality form (works without JavaScript)."""
    slug = request.GET.get("kommune", "")
    if not slug:
        return redirect("home")
    municipality = get_object_or_404(Municipality, slug=slug)
    return redirect(reverse("areas:overview", args=[municipality.slug]))
