"""Local login with user name and password, switchable off (``LOCAL_LOGIN``).

With single sign-on as the only way in, a password form anywhere (the site's login, the
admin's) must not let anyone in: the switch sits in the backend, which every form asks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class LocalPasswordBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not settings.LOCAL_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
