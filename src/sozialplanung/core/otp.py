"""Second factor (TOTP through django-otp): who needs it, and the one place that enforces it.

Administrators and the planning unit must confirm a code from an authenticator app after
their password; everyone else may set one up, and once they have, is asked too. Until the
code is confirmed, every page answers with a redirect to the code page (or to the setup
page when the person has no device yet): the check sits in a middleware, so no page,
API route or export can forget it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.shortcuts import redirect
from django_otp import user_has_device

from .visibility import Role

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

#: Pages a half-logged-in person must still reach: the factor pages themselves, leaving,
#: the language switch, and the single sign-on round trip.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "login",
        "logout",
        "otp_setup",
        "otp_verify",
        "set_language",
        "oidc_authentication_init",
        "oidc_authentication_callback",
    }
)
#: The backend whose logins the directory has already checked with its own second factor.
DIRECTORY_BACKEND = "sozialplanung.core.oidc.DirectoryBackend"


def second_factor_required(user: Any) -> bool:
    """Administrators (by flag or role) and the planning unit must have a second factor."""
    if not settings.REQUIRE_2FA:
        return False
    return bool(
        user.is_staff
        or user.is_superuser
        or getattr(user, "role", None) in {Role.SOZIALPLANUNG, Role.ADMIN}
    )


def second_factor_due(user: Any) -> bool:
    """Whether this login is incomplete without a code: required, or chosen by the user."""
    return second_factor_required(user) or user_has_device(user, confirmed=True)


class SecondFactorMiddleware:
    """Sends a logged-in person whose code is still due to the code or setup page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr]
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if (
            settings.OIDC_REPLACES_2FA
            and request.session.get(BACKEND_SESSION_KEY) == DIRECTORY_BACKEND
        ):
            return None
        if not second_factor_due(user):
            return None
        page = "otp_verify" if user_has_device(user, confirmed=True) else "otp_setup"
        response = redirect(page)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
