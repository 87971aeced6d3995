"""Second factor (TOTP): required for administrators and the planning unit, optional for
everyone else; until the code is confirmed, every page stays closed."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from sozialplanung.core.visibility import Role
from tests.auth.conftest import code_for, password_login
from tests.conftest import PASSWORD

INTERNAL_PAGE = "/teststadt/massnahmen/"


def setup_device(client, user) -> TOTPDevice:
    """What a person does on the setup page: read the secret, confirm with a code."""
    page = client.get("/anmelden/zweiter-faktor/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    response = client.post("/anmelden/zweiter-faktor/", {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.parametrize("role", [Role.SOZIALPLANUNG, Role.ADMIN])
def test_password_alone_leaves_the_planning_unit_and_admins_outside(http_client, users, role):
    user = users[role]
    response = password_login(http_client, user.username, PASSWORD, next_url=INTERNAL_PAGE)
    assert response.status_code == 302
    for path in (INTERNAL_PAGE, "/teststadt/gremien/ueberfaellig/", "/admin/", "/api/docs"):
        closed = http_client.get(path)
        assert closed.status_code == 302, path
        assert closed["Location"].startswith("/anmelden/zweiter-faktor/?next="), path
    setup = http_client.get("/anmelden/zweiter-faktor/")
    assert "<svg" in setup.content.decode()  # the QR code


def test_setup_then_the_next_login_asks_for_the_code(http_client, users, municipality):
    planner = users[Role.SOZIALPLANUNG]
    password_login(http_client, planner.username, PASSWORD)
    device = setup_device(http_client, planner)
    assert http_client.get(INTERNAL_PAGE).status_code == 200

    http_client.post("/abmelden/")
    password_login(http_client, planner.username, PASSWORD)
    asked = http_client.get(INTERNAL_PAGE)
    assert asked["Location"].startswith("/anmelden/code/?next=")

    right = http_client.post(
        "/anmelden/code/", {"code": code_for(device, steps_ahead=1), "next": INTERNAL_PAGE}
    )
    assert right["Location"] == INTERNAL_PAGE
    assert http_client.get(INTERNAL_PAGE).status_code == 200


def test_a_wrong_code_is_refused_and_guessing_is_slowed_down(http_client, users):
    planner = users[Role.SOZIALPLANUNG]
    password_login(http_client, planner.username, PASSWORD)
    device = setup_device(http_client, planner)
    http_client.post("/abmelden/")
    password_login(http_client, planner.username, PASSWORD)
    wrong = http_client.post("/anmelden/code/", {"code": "000000"})
    assert "Dieser Code ist falsch oder abgelaufen." in wrong.content.decode()
    assert http_client.get(INTERNAL_PAGE).status_code == 302
    # Right after a wrong code even the right one waits: django-otp's throttling.
    throttled = http_client.post("/anmelden/code/", {"code": code_for(device, steps_ahead=1)})
    assert "Zu viele falsche Codes" in throttled.content.decode()
    assert http_client.get(INTERNAL_PAGE).status_code == 302


def test_a_password_alone_cannot_add_a_second_device(http_client, users):
    planner = users[Role.SOZIALPLANUNG]
    password_login(http_client, planner.username, PASSWORD)
    setup_device(http_client, planner)
    http_client.post("/abmelden/")

    # Someone who knows only the password tries to set up an app of their own.
    password_login(http_client, planner.username, PASSWORD)
    response = http_client.get("/anmelden/zweiter-faktor/")
    assert response["Location"].startswith("/anmelden/code/")
    assert not TOTPDevice.objects.filter(user=planner, confirmed=False).exists()
    assert http_client.get(INTERNAL_PAGE).status_code == 302


def test_a_used_code_cannot_be_replayed(http_client, users):
    planner = users[Role.SOZIALPLANUNG]
    password_login(http_client, planner.username, PASSWORD)
    device = setup_device(http_client, planner)
    http_client.post("/abmelden/")
    password_login(http_client, planner.username, PASSWORD)
    replay = http_client.post("/anmelden/code/", {"code": code_for(device)})
    assert replay.status_code == 200
    assert http_client.get(INTERNAL_PAGE).status_code == 302


def test_the_second_factor_is_optional_for_a_specialist_office(http_client, users):
    clerk = users[Role.FACHAMT]
    password_login(http_client, clerk.username, PASSWORD)
    assert http_client.get(INTERNAL_PAGE).status_code == 200

    # Chosen by the person, it is then asked for like a required one.
    device = setup_device(http_client, clerk)
    http_client.post("/abmelden/")
    password_login(http_client, clerk.username, PASSWORD)
    assert http_client.get(INTERNAL_PAGE)["Location"].startswith("/anmelden/code/")
    http_client.post("/anmelden/code/", {"code": code_for(device, steps_ahead=1)})
    assert http_client.get(INTERNAL_PAGE).status_code == 200


def test_a_code_must_have_six_digits_and_the_form_keeps_it(http_client, users):
    password_login(http_client, users[Role.SOZIALPLANUNG].username, PASSWORD)
    response = http_client.post("/anmelden/zweiter-faktor/", {"code": "12a4"})
    body = response.content.decode()
    assert "Der Code hat sechs Ziffern." in body
    assert 'value="12a4"' in body


def test_switched_off_the_password_is_enough(http_client, users, settings):
    settings.REQUIRE_2FA = False
    password_login(http_client, users[Role.SOZIALPLANUNG].username, PASSWORD)
    assert http_client.get(INTERNAL_PAGE).status_code == 200


def test_the_demo_logins_get_the_published_key(http_client, municipality):
    """The demo keeps the rule: its planning unit confirms a code made from the README's key."""
    import base64

    from django.conf import settings
    from django_otp.oath import totp

    from sozialplanung.core.actions import create_user
    from sozialplanung.demo import second_factor
    from tests.conftest import TEST

    for name, role in (("planung", Role.SOZIALPLANUNG), ("fachamt", Role.FACHAMT)):
        create_user(
            name,
            password="demo",
            role=role,
            municipality=municipality,
            check_password=False,
            acting_user=TEST,
        )
    assert second_factor.give_devices(["planung", "fachamt"], out=lambda _: None) == ["planung"]
    assert settings.DEMO_TOTP_SECRET in second_factor.instructions(["planung", "fachamt"])

    password_login(http_client, "planung", "demo")
    assert http_client.get(INTERNAL_PAGE)["Location"].startswith("/anmelden/code/")
    key = base64.b32decode(settings.DEMO_TOTP_SECRET)
    http_client.post("/anmelden/code/", {"code": f"{totp(key):06d}"})
    assert http_client.get(INTERNAL_PAGE).status_code == 200
