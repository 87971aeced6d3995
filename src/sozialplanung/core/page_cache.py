"""Whole public pages cached for visitors without a login (issue 17).

Most requests come from the public: visitors without a login, who all get the same page
for the same address and language. Their pages are kept in Django's cache (shared by
all server processes) under the address, the language and ``computed.page_version()``,
a token that every audited change replaces: the first visitor after a change gets a
freshly computed page, everyone after them the kept one.

Never shared: a page for anyone with a session or another cookie than the CSRF and
language cookies (logged-in staff, providers, a visitor with a message waiting), with an
Authorization header, and no page whose making changed the session or queued a message,
nor one that says it varies with a request header (``Vary: Referer``: views that read
a header must say so, as HTTP caches expect).
Every page carries the visitor's own CSRF token (the language switch is a form that
posts): it is kept with a placeholder in its place, and each visitor gets their own
token put back (Django's ``get_token``, which also sets their cookie). Only complete
HTML and JSON answers (status 200) are kept, at most ``PAGE_SECONDS``: changes made past
the audit (a migration, a direct database fix) and the passing of days ("due today")
show within that time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import translation

from . import computed

PAGE_SECONDS = 60
KEPT_TYPES = ("text/html", "application/json", "application/geo+json")
HEADER = "X-Page-Cache"  # "hit" on a kept page: for operators and tests
# Where templates write the token: hidden form fields and htmx's request header.
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="(\w+)"|"X-CSRFToken": "(\w+)"')
PLACEHOLDER = b"\x00csrf-token\x00"


def _anonymous(request: HttpRequest) -> bool:
    harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return (
        request.method == "GET"
        and not set(request.COOKIES) - harmless
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.user.is_authenticated
    )


def _keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and response.get("Content-Type", "").startswith(KEPT_TYPES)
        and not response.cookies
        and not (session is not None and session.modified)
        and not (messages is not None and getattr(messages, "added_new", False))
        # A page that varies with a request header (Vary: Referer) is that reader's own;
        # Cookie and the language are part of the rules and the key already.
        and not {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
        - {"cookie", "accept-language", "accept-encoding"}
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PublicPageCacheMiddleware:
    """Innermost (after login, second factor and language): serves and keeps public pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _anonymous(request):
            return self.get_response(request)
        # Scheme and host too: OParl and security.txt write absolute addresses.
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
        key = f"page:{translation.get_language()}:{computed.page_version()}:{address}"
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            if PLACEHOLDER in content:
                content = content.replace(PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, headers=headers)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _keepable(request, response):
            assert isinstance(response, HttpResponse)
            content = _without_token(request, response.content)
            if content is not None:
                headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
                cache.set(key, (content, headers), PAGE_SECONDS)
        return response


def _without_token(request: HttpRequest, content: bytes) -> bytes | None:
    """The page with the placeholder for the CSRF token; None when the token was used
    where it cannot be found (then the page is not kept)."""
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return content
    tokens = {a or b for a, b in TOKEN.findall(content)}
    if len(tokens) != 1:
        return None
    return content.replace(tokens.pop(), PLACEHOLDER)
