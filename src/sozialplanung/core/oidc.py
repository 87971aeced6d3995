"""Single sign-on with OpenID Connect (mozilla-django-oidc) against the city's directory.

The library does the code flow; this module adds what a city needs and what the library
leaves open: the ID token must be for this client (audience), from the configured issuer
and not expired (the library checks only the signature and nonce); a person's role,
municipality and office follow from the directory groups (``OIDC_GROUP_MAP``); a person
in no mapped group does not get in. Accounts are created and updated on every login
through ``core.actions.create_user``, so the trail records it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .actions import create_user
from .audit import Process
from .models import Municipality, User
from .visibility import Role

log = logging.getLogger(__name__)

#: Who the account changes of a single sign-on are by.
DIRECTORY = Process("Anmeldung über das Verzeichnis")
#: When groups map to several roles, the one with the most rights wins.
ROLE_PRECEDENCE = [Role.ADMIN, Role.SOZIALPLANUNG, Role.FACHAMT, Role.STADTRAT, Role.TRAEGER]


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


@dataclass(frozen=True)
class Assignment:
    """What a directory group grants: a role, in a municipality, in an office."""

    role: str
    municipality: str = ""
    office: str = ""


def group_map() -> dict[str, Assignment]:
    """``OIDC_GROUP_MAP`` read and checked: a wrong map is an operator's error, said loudly."""
    try:
        raw = json.loads(settings.OIDC_GROUP_MAP)
        mapping = {group: Assignment(**entry) for group, entry in raw.items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise ImproperlyConfigured(
            f"SOZIALPLANUNG_OIDC_GROUP_MAP ist kein gültiges JSON: {exc}"
        ) from exc
    for group, assignment in mapping.items():
        if assignment.role not in Role.values:
            raise ImproperlyConfigured(
                f"SOZIALPLANUNG_OIDC_GROUP_MAP: Gruppe {group!r} nennt die unbekannte Rolle "
                f"{assignment.role!r} (erlaubt: {', '.join(Role.values)})."
            )
    return mapping


def assignment_for(claims: dict[str, Any]) -> Assignment | None:
    """The assignment of the person's groups with the highest role, or None."""
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = group_map()
    found = [mapping[g] for g in groups if g in mapping]
    if not found:
        return None
    return min(found, key=lambda a: ROLE_PRECEDENCE.index(Role(a.role)))


class DirectoryBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not enabled():
            return None
        try:
            return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]
        except (SuspiciousOperation, requests.RequestException) as exc:
            # A forged, foreign or expired token, or a provider that does not answer.
            log.warning("Anmeldung über das Verzeichnis abgelehnt: %s", exc)
            return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """Signature, and also audience, issuer and expiry, which the library skips."""
        key = self.retrieve_matching_jwk(token)
        try:
            payload: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER or None,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID-Token ungültig: {exc}") from exc
        nonce = kwargs.get("nonce")
        if nonce is not None and payload.get("nonce") != nonce:
            raise SuspiciousOperation("ID-Token: nonce stimmt nicht")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub")) and assignment_for(claims) is not None

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(username=self.get_username(claims))

    def get_username(self, claims: dict[str, Any]) -> str:
        return str(claims.get("preferred_username") or claims["sub"])

    def create_user(self, claims: dict[str, Any]) -> User:
        return self._save(claims)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return self._save(claims)

    def _save(self, claims: dict[str, Any]) -> User:
        assignment = assignment_for(claims)
        assert assignment is not None  # verify_claims let only mapped people through
        municipality = (
            Municipality.objects.filter(slug=assignment.municipality).first()
            if assignment.municipality
            else None
        )
        if assignment.role != Role.ADMIN and municipality is None:
            raise SuspiciousOperation(
                f"OIDC_GROUP_MAP: Kommune {assignment.municipality!r} gibt es nicht"
            )
        is_admin = assignment.role == Role.ADMIN
        return create_user(
            self.get_username(claims),
            password=None,
            role=assignment.role,
            municipality=municipality,
            office=assignment.office,
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
            email=claims.get("email", ""),
            is_staff=is_admin,
            is_superuser=is_admin,
            acting_user=DIRECTORY,
        )


class Start(OIDCAuthenticationRequestView):
    """Sends the browser to the provider; not there while single sign-on is off."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().get(request)  # type: ignore[no-any-return]


class Callback(OIDCAuthenticationCallbackView):
    """Back from the provider; a refusal comes back to the login page with a message."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().get(request)  # type: ignore[no-any-return]

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "The login through the directory failed: the provider's answer was not "
                "valid for this site, or your account belongs to no group that has access "
                "here. Please ask the administration."
            ),
        )
        return super().login_failure()  # type: ignore[no-any-return]


def provider_logout_url(request: HttpRequest, id_token: str | None) -> str | None:
    """Where to end the provider's session too, or None when not configured."""
    if not (settings.OIDC_END_SESSION_ENDPOINT and id_token):
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{settings.OIDC_END_SESSION_ENDPOINT}?{query}"
