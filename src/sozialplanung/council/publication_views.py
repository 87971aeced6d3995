"""Publishing a status report on its own, from the resolution page (the letter's release
publishes its reports in ``actions.release_status_letter``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import municipality_page

from . import actions
from .models import StatusReport

publisher_page = municipality_page(
    lambda user, municipality: actions.can_manage_letters(user, municipality.pk),
    refusal=gettext_lazy("Only the social planning unit may publish status reports."),
)


@require_POST
@publisher_page
def report_publish(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    report = get_object_or_404(
        StatusReport.objects.visible_to(request.user).select_related("item__resolution"),
        item__resolution__municipality=municipality,
        pk=pk,
    )
    actions.publish_status_report(report, acting_user=request.user)
    messages.success(
        request,
        _("The status report on item %(number)s is published.") % {"number": report.item.number},
    )
    url = reverse("council:resolution", args=[municipality.slug, report.item.resolution_id])
    return redirect(f"{url}#punkt-{report.item.number}")
