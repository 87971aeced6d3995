"""The needs parameter form as a planner meets it when a number is wrong (issue 13, finding 11):
the German error stands at the field, what was typed stays, nothing is saved."""

from __future__ import annotations

import pytest

from ..needs.test_needs import params  # noqa: F401
from ..offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.browser

NARROW = {"width": 390, "height": 844}


def test_a_wrong_reference_value_is_explained_at_its_field(
    page,
    shot,
    login,
    municipality,
    params,  # noqa: F811
):
    login("sozialplanung")
    page.goto(f"/{municipality.slug}/bedarf/parameter/")
    page.fill(f"#rw-{params.pk}", "unendlich")
    page.fill(f"#cm-{params.pk}", "1e20")
    with page.expect_navigation():
        page.locator(f'button[form="form-{params.pk}"]').click()
    error = page.locator(f"#cm-{params.pk}-error")
    assert "Einzugsbereich in ganzen Metern" in error.inner_text()
    assert page.get_attribute(f"#cm-{params.pk}", "aria-invalid") == "true"
    # What the planner typed is still there to correct, not replaced by the stored values.
    assert page.input_value(f"#rw-{params.pk}") == "unendlich"
    assert page.input_value(f"#cm-{params.pk}") == "1e20"
    assert page.js_errors == []
    shot(page, "needs-parameters-error")
    page.set_viewport_size(NARROW)
    shot(page, "needs-parameters-error-narrow")
    params.refresh_from_db()
    assert (params.richtwert, params.catchment_m) == (50.0, 800)
