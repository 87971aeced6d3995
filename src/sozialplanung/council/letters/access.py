"""Who may read a status letter, on its page and as PDF or DOCX.

The letter is read through ``visible_to``; and since a letter quotes every item and
report of its resolution, a reader who may not see one of them gets a 404, too: a
public letter must not carry a confidential point to the public.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from sozialplanung.core.models import Municipality

from ..models import ResolutionItem, StatusLetter, StatusReport
from .compose import stated_report_ids


def readable_letter(municipality: Municipality, user: Any, pk: int | str) -> StatusLetter:
    letter = get_object_or_404(
        StatusLetter.objects.visible_to(user).select_related(
            "resolution__paper__municipality", "resolution__meeting"
        ),
        pk=pk,
        resolution__municipality=municipality,
    )
    items = ResolutionItem.objects.filter(resolution=letter.resolution_id)
    if items.count() != items.visible_to(user).count():
        raise Http404
    report_ids = stated_report_ids(letter)
    if StatusReport.objects.visible_to(user).filter(pk__in=report_ids).count() != len(report_ids):
        raise Http404
    return letter
