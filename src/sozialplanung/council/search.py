"""One search over the council's papers, resolutions and resolution items, as in
SessionNet or ALLRIS: every word typed must occur (case-insensitively) in the
reference, subject or text of a paper, in the text of a resolution, or in the text of
an item. ``icontains`` runs the same on SQLite and PostgreSQL (SQLite folds case for
ASCII letters only: "Ä" does not find "ä" there).

Hits come only through ``visible_to``: a paper the reader may not read is never found,
not by its subject and not through one of its resolutions or items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_page, page_context
from sozialplanung.core.visibility import is_internal

from .models import Paper, Resolution, ResolutionItem

SHOWN = 100
MAX_WORDS = 8


class CouncilSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search term"),
        max_length=200,
        help_text=_("Reference, a word of the subject or of the text"),
    )


@dataclass
class Hits:
    papers: QuerySet[Paper]
    resolutions: QuerySet[Resolution]
    items: QuerySet[ResolutionItem]

    @property
    def total(self) -> int:
        return self.papers.count() + self.resolutions.count() + self.items.count()


def _all_words(words: list[str], *fields: str) -> Q:
    """Each word in at least one of ``fields``."""
    found = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        found &= any_field
    return found


def search(municipality: Municipality, user: Any, text: str) -> Hits:
    words = text.split()[:MAX_WORDS]
    papers = (
        Paper.objects.visible_to(user)
        .filter(municipality=municipality, deleted=False)
        .filter(_all_words(words, "reference", "name", "text"))
        .order_by("-date", "reference")
    )
    resolutions = (
        Resolution.objects.visible_to(user)
        .filter(municipality=municipality, deleted=False)
        .filter(_all_words(words, "text"))
        .select_related("paper", "meeting")
        .order_by("-date")
    )
    items = (
        ResolutionItem.objects.visible_to(user)
        .filter(resolution__municipality=municipality, resolution__deleted=False)
        .filter(_all_words(words, "text"))
        .select_related("resolution__paper", "responsible_office")
        .order_by("-resolution__date", "order")
    )
    return Hits(papers, resolutions, items)


@municipality_page()
def search_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form = CouncilSearchForm(request.GET or None)
    context = {
        **page_context(request, municipality, "council"),
        "internal": is_internal(request.user),
        "form": form,
        "shown": SHOWN,
    }
    if form.is_valid():
        hits = search(municipality, request.user, form.cleaned_data["q"])
        context |= {
            "hits": hits,
            "papers": hits.papers[:SHOWN],
            "resolutions": hits.resolutions[:SHOWN],
            "items": hits.items[:SHOWN],
        }
    return render(request, "council/search.html", context)
