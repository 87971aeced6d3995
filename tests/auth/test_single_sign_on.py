"""Single sign-on with OpenID Connect against a real provider process (issue 13, Done-when 3).

The provider (tests/oidc/provider.mjs) runs on loopback; the site is the Django test
client. A person logs in at the provider, comes back with the role and office their
directory groups give them, and logs out of both. A provider that signs with a key it
does not publish, or issues the token for another client, gets nobody in.
"""

from __future__ import annotations

import json

import pytest
import requests

from sozialplanung.core.models import AuditEntry, User
from sozialplanung.core.visibility import Role
from tests.auth import oidc_provider

GROUP_MAP = {
    "GG-Sozialplanung-Teststadt": {"role": "sozialplanung", "municipality": "teststadt"},
    "GG-Sozialamt-Teststadt": {
        "role": "fachamt",
        "municipality": "teststadt",
        "office": "Sozialamt",
    },
}
PAGE = "/teststadt/massnahmen/"


@pytest.fixture(scope="module")
def provider():
    running = oidc_provider.start()
    yield running
    oidc_provider.stop(running)


@pytest.fixture
def single_sign_on(settings, municipality):
    def configure(provider):
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        settings.OIDC_GROUP_MAP = json.dumps(GROUP_MAP)

    return configure


def sso_login(client, account: str) -> object:
    """From the site's button through the provider and back; the site's last answer."""
    start = client.get(f"/anmelden/verzeichnis/?next={PAGE}")
    assert start.status_code == 302
    browser = requests.Session()
    back = oidc_provider.walk_to_site(browser, start["Location"], account)
    response = client.get(oidc_provider.site_path(back))
    response.browser = browser
    return response


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_login_gives_the_mapped_role_and_office_then_logout_ends_both_sessions(
    client, provider, single_sign_on
):
    single_sign_on(provider)
    assert "Mit dem Konto der Stadtverwaltung anmelden" in client.get("/anmelden/").content.decode()

    response = sso_login(client, "otto.amt")
    assert response.status_code == 302
    assert response["Location"] == PAGE
    user = logged_in_user(client)
    assert user.username == "otto.amt"
    assert (user.role, user.municipality.slug, user.office.name) == (
        Role.FACHAMT,
        "teststadt",
        "Sozialamt",
    )
    assert (user.first_name, user.email) == ("Otto", "otto.amt@teststadt.invalid")
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(actor="Anmeldung über das Verzeichnis").exists()
    assert client.get(PAGE).status_code == 200

    logout = client.post("/abmelden/")
    assert logged_in_user(client) is None
    end_session = logout["Location"]
    assert end_session.startswith(f"{provider.issuer}/session/end?id_token_hint=")
    assert oidc_provider.confirm_logout(response.browser, end_session) == "http://testserver/"


def test_the_planning_unit_comes_in_without_our_second_factor(client, provider, single_sign_on):
    """The directory enforces its own second factor (OIDC_REPLACES_2FA)."""
    single_sign_on(provider)
    sso_login(client, "anna.planung")
    assert logged_in_user(client).role == Role.SOZIALPLANUNG
    assert client.get(PAGE).status_code == 200


def test_a_changed_group_changes_the_role_at_the_next_login(client, provider, single_sign_on):
    single_sign_on(provider)
    User.objects.create_user("anna.planung", role=Role.TRAEGER)
    sso_login(client, "anna.planung")
    assert logged_in_user(client).role == Role.SOZIALPLANUNG


def test_a_person_in_no_mapped_group_does_not_get_in(client, provider, single_sign_on):
    single_sign_on(provider)
    response = sso_login(client, "nora.niemand")
    assert response["Location"] == "/anmelden/"
    assert logged_in_user(client) is None
    assert not User.objects.filter(username="nora.niemand").exists()
    page = client.get("/anmelden/").content.decode()
    assert "Die Anmeldung über das Verzeichnis ist fehlgeschlagen" in page


@pytest.mark.parametrize("tamper", ["signature", "audience"])
def test_a_token_with_a_wrong_signature_or_audience_is_refused(client, single_sign_on, tamper):
    forger = oidc_provider.start(tamper)
    try:
        single_sign_on(forger)
        response = sso_login(client, "anna.planung")
    finally:
        oidc_provider.stop(forger)
    assert response.status_code == 302
    assert response["Location"] == "/anmelden/"
    assert logged_in_user(client) is None
    assert not User.objects.filter(username="anna.planung").exists()


def test_without_a_client_id_there_is_no_single_sign_on(client, db):
    assert client.get("/anmelden/verzeichnis/").status_code == 404
    assert "Konto der Stadtverwaltung" not in client.get("/anmelden/").content.decode()
