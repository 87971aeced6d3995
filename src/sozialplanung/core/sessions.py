"""Idle timeout: a logged-in session ends after SESSION_IDLE_MINUTES without a request.

Django's own session age (SESSION_COOKIE_AGE, set by the operations settings) is the
longest a login lasts at all; this is the shorter limit for a forgotten open browser.
The time of the last request is kept in the session itself.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "sozialplanung_last_seen"
#: Refresh the stored time at most this often, so that not every request writes the session.
RESOLUTION_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were logged out after a long time without activity."))
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= RESOLUTION_SECONDS or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
