"""What every page of a municipality needs: the municipality from the URL, the layout's
context, and one decorator that says who may open the page.

The answers are the same everywhere: an unknown municipality is a 404; a visitor
without login is sent to the login; a logged-in user outside the audience gets a 403
with the page's reason, or a 404 where the page itself is not to be known.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Municipality
from .visibility import Role, can_edit_planning_data, is_internal

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import Promise

    from .models import User

    Reader = User | AnonymousUser

P = ParamSpec("P")
# Who may open a page: a test of the (logged-in) user against the page's municipality.
Audience = Callable[["Reader", Municipality], bool]
MunicipalityView = Callable[Concatenate[HttpRequest, Municipality, P], HttpResponse]


def municipality_or_404(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def page_context(request: HttpRequest, municipality: Municipality, active: str) -> dict[str, Any]:
    """What the base layout needs on every municipality page."""
    return {
        "municipality": municipality,
        "nav_active": active,
        "can_import": can_edit_planning_data(request.user, municipality.id),
    }


# --- Audiences ---------------------------------------------------------------------------


def logged_in(user: Reader, municipality: Municipality) -> bool:
    """Anyone with a login; the page itself filters what they may read."""
    return True


def internal(user: Reader, municipality: Municipality) -> bool:
    """Staff of an office or the planning unit, council members, administrators."""
    return is_internal(user)


def internal_here(user: Reader, municipality: Municipality) -> bool:
    """Internal users of this municipality, and administrators."""
    if not is_internal(user):
        return False
    if user.is_superuser or getattr(user, "role", None) == Role.ADMIN:
        return True
    return bool(getattr(user, "municipality_id", None) == municipality.pk)


def planning_unit(user: Reader, municipality: Municipality) -> bool:
    """The social planning unit of this municipality, and administrators."""
    return can_edit_planning_data(user, municipality.pk)


def municipality_page(
    audience: Audience | None = None, *, refusal: str | Promise | None = None
) -> Callable[[MunicipalityView[P]], Callable[..., HttpResponse]]:
    """A page under ``/<slug>/``: the view gets the municipality instead of the slug.

    Without ``audience`` the page is public. With one, a visitor without login is sent
    to the login, and a user outside the audience gets ``PermissionDenied(refusal)`` or,
    without ``refusal``, a 404 as if the page did not exist.
    """

    def decorate(view: MunicipalityView[P]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def page(
            request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            municipality = municipality_or_404(slug)
            if audience is not None:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not audience(request.user, municipality):
                    if refusal is None:
                        raise Http404
                    raise PermissionDenied(str(refusal))
            return view(request, municipality, *args, **kwargs)

        return page

    return decorate
