"""The pages pass their Content-Security-Policy in a real browser: no script, style or
other resource is refused (issue 13, finding 5).

The browser reports every refusal as a ``securitypolicyviolation`` event and a console
error; an init script (which the policy does not govern) collects the events from the
first moment of each page.
"""

from __future__ import annotations

import pytest

from sozialplanung.core.visibility import Role

pytestmark = pytest.mark.browser

COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def main_pages() -> list[str]:
    from sozialplanung.council.models import Resolution, StatusLetter
    from sozialplanung.measures.models import Measure

    resolution = Resolution.objects.filter(municipality__slug="dresden").first()
    letter = StatusLetter.objects.first()
    measure = Measure.objects.filter(field_of_action__plan__municipality__slug="dresden").first()
    pages = [
        "/dresden/karte/",
        "/dresden/angebote/",
        "/dresden/bedarf/luecken/",
        "/dresden/massnahmen/haushalt/",
        f"/dresden/massnahmen/{measure.field_of_action.plan.slug}/{measure.pk}/",
        f"/dresden/gremien/beschluesse/{resolution.pk}/",
        "/anmelden/zweiter-faktor/",
    ]
    if letter is not None:
        pages.append(f"/dresden/gremien/briefe/{letter.pk}/")
    else:
        pages.append(f"/dresden/gremien/beschluesse/{resolution.pk}/brief/")
    return pages


def test_the_main_pages_break_no_rule_of_the_policy(page, login, live_demo, shot):
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(COLLECT)
    login(Role.ADMIN)
    for path in main_pages():
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__violations")
        assert violations == [], f"{path}: {violations}"
    shot(page, "csp-letter-page")
    assert refused == []
    assert page.js_errors == []
