"""No page renders an untranslated text in German (issue 16, Done-when 3, first half).

While the pages of each role render in German, every lookup in the active catalog
that finds no German entry is recorded: a ``{% translate %}``, a ``blocktranslate``, a
model's verbose name or a form's label whose msgid is missing from every ``.po`` file
of the project (and Django's own). Texts that stay the same in German are entries with
an identical ``msgstr`` in the catalog, so they do not count as missing.

The pages: each role's main pages on the demo (loaded once, ``full_demo``) with the
records of Dresden that the pages link to first.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from sozialplanung.areas.models import Area, Indicator
from sozialplanung.core.models import User
from sozialplanung.council.models import Resolution
from sozialplanung.measures.models import Measure
from sozialplanung.offers.models import Offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def missing(monkeypatch) -> set[str]:
    """msgids looked up in German and not found, for as long as the test runs."""
    found: set[str] = set()
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def looked_up(self, message):
        catalog = self._catalog
        if (
            self.language() == "de"
            and message
            and message not in catalog
            and (message, self.plural(1)) not in catalog
        ):
            found.add(message)
        return gettext(self, message)

    def looked_up_plural(self, singular, plural, n):
        if self.language() == "de" and (singular, 0) not in self._catalog:
            found.add(singular)
        return ngettext(self, singular, plural, n)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", looked_up)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", looked_up_plural)
    return found


def pages() -> list[str]:
    slug = "dresden"
    area = (
        Area.objects.filter(municipality__slug=slug, level__depth__gt=0)
        .select_related("level")
        .first()
    )
    indicator = Indicator.objects.filter(municipality__slug=slug).first()
    offer = Offer.objects.filter(municipality__slug=slug).first()
    resolution = Resolution.objects.filter(municipality__slug=slug).first()
    measure = (
        Measure.objects.filter(field_of_action__plan__municipality__slug=slug)
        .select_related("field_of_action__plan")
        .first()
    )
    plan = measure.field_of_action.plan.slug
    return [
        "/",
        reverse("areas:overview", args=[slug]),
        reverse("areas:map", args=[slug]),
        reverse("areas:area", args=[slug, area.level.slug, area.code]),
        reverse("areas:indicator", args=[slug, indicator.slug]),
        reverse("finder:list", args=[slug]),
        reverse("offers:inventory", args=[slug]),
        reverse("offers:offer", args=[slug, offer.pk]),
        reverse("offers:edit", args=[slug, offer.pk]),
        reverse("offers:need_reports", args=[slug]),
        reverse("needs:overview", args=[slug]),
        reverse("needs:gaps", args=[slug]),
        reverse("needs:profile", args=[slug, area.level.slug, area.code]),
        reverse("measures:plans", args=[slug]),
        reverse("measures:plan", args=[slug, plan]),
        reverse("measures:measure", args=[slug, plan, measure.pk]),
        reverse("measures:budget", args=[slug]),
        reverse("measures:grants", args=[slug]),
        reverse("council:papers", args=[slug]),
        reverse("council:paper", args=[slug, resolution.paper_id]),
        reverse("council:resolution", args=[slug, resolution.pk]),
        reverse("council:overdue", args=[slug]),
        reverse("areas:import", args=[slug]),
        reverse("legal:page", args=["barrierefreiheit"]),
        "/gibt-es-nicht/",
    ]


def test_no_page_renders_an_untranslated_msgid(full_demo, missing):
    # The planning unit reads nearly every page; the other roles add their own start
    # pages and forms, the public its own variants of the public pages.
    visits = {"planung": pages()}
    traeger = User.objects.get(username="traeger")
    own = Offer.objects.editable_by(traeger).first()
    visits["traeger"] = [
        "/",
        reverse("offers:edit", args=["dresden", own.pk]),
        reverse("offers:need_reports", args=["dresden"]),
    ]
    visits["fachamt"] = visits["stadtrat"] = ["/"]
    visits[None] = ["/", reverse("finder:list", args=["dresden"]), pages()[3], "/gibt-es-nicht/"]
    for username, urls in visits.items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        for url in urls:
            client.get(url)
    assert not missing, "\n".join(sorted(missing))
