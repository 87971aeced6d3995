# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""Two planners confirm the same read-in document (issue 13, finding 3): both opened the
draft; the first saves it; the second, still holding the draft, saves nothing and is
told so, instead of overwriting the first one's reviewed reports."""

from __future__ import annotations

import pytest

from sozialplanung.core.visibility import Role
from sozialplanung.council.models import StatusReport
from sozialplanung.intake import actions
from sozialplanung.intake.forms import DraftForm, ItemFormSet, ItemStatusFormSet
from sozialplanung.intake.models import IntakeDraft
from sozialplanung.intake.review import rows as _rows
from tests.council.conftest import bodies, offices, v2696  # noqa: F401

from .test_web import draft_url, letter_post, make_draft

pytestmark = pytest.mark.django_db


def _reviewed(data: dict[str, str], municipality) -> actions.Reviewed:
    """What the draft page makes of a posted form (the view's own forms)."""
    form = DraftForm(data, municipality=municipality, uncertain=set())
    items = ItemFormSet(data, prefix="punkt", uncertain=set())
    statuses = ItemStatusFormSet(data, prefix="stand", uncertain=set())
    assert form.is_valid() and items.is_valid() and statuses.is_valid()
    return actions.Reviewed(main=form.cleaned_data, items=_rows(items), statuses=_rows(statuses))


def test_the_second_confirmation_of_one_draft_saves_nothing(client_for, users, v2696):
    municipality = v2696["paper"].municipality
    draft = make_draft(users, municipality)
    held_by_second = IntakeDraft.objects.get(pk=draft.pk)  # the second planner's page
    first = client_for(Role.SOZIALPLANUNG)
    assert first.post(draft_url(draft), letter_post()).status_code == 302
    saved = StatusReport.objects.get(item__number="2", narrative__startswith="Die Träger")

    later = letter_post()
    later["stand-1-narrative"] = "Eine ältere Fassung des Berichts."
    with pytest.raises(actions.DraftProblem, match="inzwischen von jemand anderem"):
        actions.confirm_draft(
            held_by_second, _reviewed(later, municipality), acting_user=users[Role.ADMIN]
        )

    saved.refresh_from_db()
    assert saved.narrative == "Die Trägerversammlung hat Prioritäten gesetzt."
    assert not StatusReport.objects.filter(narrative="Eine ältere Fassung des Berichts.").exists()
