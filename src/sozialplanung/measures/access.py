"""Who may open the internal pages of budget, grants, capacity and allocation.

Internal users (staff and council) of the municipality, and administrators. The
visitor without login is sent to the login; anyone else gets a 404, as if the page
did not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from sozialplanung.areas import queries
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Role, is_internal


def may_see(user: Any, municipality: Municipality) -> bool:
    """Internal users of this municipality, and administrators."""
    if not (user.is_authenticated and is_internal(user)):
        return False
    if user.is_superuser or getattr(user, "role", None) == Role.ADMIN:
        return True
    return bool(getattr(user, "municipality_id", None) == municipality.pk)


def internal_municipality(request: HttpRequest, slug: str) -> Municipality | HttpResponse:
    municipality = queries.municipality_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_see(request.user, municipality):
        raise Http404
    return municipality
