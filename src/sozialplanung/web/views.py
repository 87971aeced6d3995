"""Pages that belong to no single app: home, login, switching the municipality."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from sozialplanung.core.models import Municipality


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/home.html", {"municipalities": Municipality.objects.order_by("name")}
    )


def switch_municipality(request: HttpRequest) -> HttpResponse:
    """Target of the header's municipality form (works without JavaScript)."""
    slug = request.GET.get("kommune", "")
    if not slug:
        return redirect("home")
    municipality = get_object_or_404(Municipality, slug=slug)
    return redirect(reverse("areas:overview", args=[municipality.slug]))
