"""Finding 10 of issue 13: a session lasted two weeks. Now it ends after
SESSION_IDLE_MINUTES (8 hours) without a request."""

from __future__ import annotations

import time

from sozialplanung.core.sessions import LAST_SEEN_KEY
from sozialplanung.core.visibility import Role

PAGE = "/teststadt/massnahmen/"


def idle_for(client, minutes: int) -> None:
    """Moves the session's last request back, as if the browser had been left open."""
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_eight_idle_hours_end_the_session(client_for):
    client = client_for(Role.FACHAMT)
    assert client.get(PAGE).status_code == 200
    idle_for(client, 8 * 60 + 1)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/?next=")
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session(client_for):
    client = client_for(Role.FACHAMT)
    idle_for(client, 8 * 60 - 5)
    assert client.get(PAGE).status_code == 200
    assert client.session[LAST_SEEN_KEY] > time.time() - 60
    assert client.get(PAGE).status_code == 200


def test_the_idle_limit_is_settable(client_for, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = client_for(Role.FACHAMT)
    idle_for(client, 31)
    assert client.get(PAGE).status_code == 302
