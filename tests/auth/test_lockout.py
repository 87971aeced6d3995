"""Finding 10 of issue 13: 50 wrong passwords in 21 s, and the right one still worked.
Now django-axes locks a user name at one address after five failures."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from sozialplanung.core.visibility import Role
from tests.auth.conftest import password_login
from tests.conftest import PASSWORD


def test_six_wrong_passwords_lock_the_login_then_the_cool_off_opens_it(
    http_client, users, settings
):
    user = users[Role.FACHAMT]
    for _ in range(6):
        response = password_login(http_client, user.username, "falsch-geraten")
    assert response.status_code == 429

    refused = password_login(http_client, user.username, PASSWORD)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Anmeldung gesperrt" in page
    assert f"für {settings.LOGIN_COOLOFF_MINUTES} Minuten" in page
    assert 'class="site-header"' in page  # the site's layout, not a bare text
    assert "_auth_user_id" not in http_client.session

    # The cool-off has passed: the failures lie further back than it lasts.
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC)
        - dt.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES + 1)
    )
    accepted = password_login(http_client, user.username, PASSWORD)
    assert accepted.status_code == 302
    assert int(http_client.session["_auth_user_id"]) == user.pk


def test_the_lock_is_for_this_user_name_only_and_the_reset_command_lifts_it(http_client, users):
    locked, other = users[Role.FACHAMT], users[Role.STADTRAT]
    for _ in range(5):
        password_login(http_client, locked.username, "falsch-geraten")
    assert password_login(http_client, locked.username, PASSWORD).status_code == 429

    assert password_login(Client(), other.username, PASSWORD).status_code == 302

    call_command("axes_reset_username", locked.username)
    assert password_login(http_client, locked.username, PASSWORD).status_code == 302
