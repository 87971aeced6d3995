"""Template context shared by every page: municipalities for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import PUBLIC_ROLE_LABEL, is_internal


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "nav_municipalities": Municipality.objects.only("slug", "name"),
        "user_is_internal": is_internal(user),
        "public_role_label": PUBLIC_ROLE_LABEL,
    }
