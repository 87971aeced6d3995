"""Statistical confidentiality: THE one place where small numbers are withheld.

Every public output of numbers (pages, API, GeoJSON, CSV/XLSX exports, reports, gap
tables) passes the values it is about to show through this module. The rule
(docs/datenschutz.md; the computation is ``sozialplanung.analysis.suppression``):

* for whom: ``needs_suppression(user, municipality)`` — the public (anonymous), providers
  (Träger), and staff looking at another municipality than their own. Sozialplanung,
  Fachamt, Stadtrat and Admin see the true values of their municipality.
* what: counts below ``settings.SUPPRESS_MIN_CELL`` (3; 0 is shown), every value of an
  area with fewer than ``settings.SUPPRESS_MIN_POPULATION`` (300) residents (the
  indicator ``settings.SUPPRESS_POPULATION_INDICATOR``, newest value up to the period),
  secondary suppression along the area hierarchy (parent = sum of children) per
  indicator and period, and shares/rates/means whose numerator or denominator is
  withheld. The masks are computed over the whole municipality for an (indicator,
  period), never per page, so every page, API and export withholds the same cells.
* how it shows: the marker ``SUPPRESSED`` — "•" with the accessible text
  "geheim gehalten (kleine Zahl)" in HTML (templates print it through ``de_number`` or
  ``{{ value }}``), ``null`` plus ``"suppressed": true`` in JSON (``json_value``), "•" in
  CSV (``csv_value``). Never 0.

This module holds who is shown withheld values (``needs_suppression``), the marker and
its forms, and ``suppress_table`` for any table of counts. The masks that read indicator
values from the database (``suppress_values``, ``suppress_series``, ``suppress_by_area``,
``withheld_areas``) are ``sozialplanung.areas.suppression``: they need the areas' models,
and core sits below areas.

API for callers (all take the values they are about to show and return them with the
withheld ones replaced by ``SUPPRESSED``; an internal user gets the input back)::

    suppress_table(values, groups, user, municipality=...)  # any table of counts

Internal offer figures (capacity, places a week, and what is computed from them) follow
the same rule with providers as the cases: ``withheld_offer_cells`` withholds a cell
built from fewer than ``settings.SUPPRESS_MIN_PROVIDERS`` providers (3; none is shown),
so that no public figure reveals one provider's capacity, with secondary suppression
along the area hierarchy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar

import numpy as np
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from sozialplanung.analysis import suppression as sdc

from .visibility import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import Municipality, User

    Reader = User | AnonymousUser | None

V = TypeVar("V")
SYMBOL: Final = "•"


class Suppressed:
    """The marker of a withheld value. Prints "•"; never a number, never 0.

    ``bool(SUPPRESSED)`` is False so that ``value or …`` fallbacks do not print it by
    accident as a number; test for it with ``is_suppressed``.
    """

    _instance: Suppressed | None = None

    def __new__(cls) -> Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __str__(self) -> str:
        return SYMBOL

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __bool__(self) -> bool:
        return False

    def __html__(self) -> SafeString:
        return html_marker()

    def __reduce__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED: Final = Suppressed()


def title() -> str:
    """The accessible explanation of "•" (German: "geheim gehalten (kleine Zahl)")."""
    return gettext("withheld (small number)")


def html_marker() -> SafeString:
    """ "•" for the eye, the explanation for screen readers and as a tooltip."""
    return format_html(
        '<span class="suppressed" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        title(),
        SYMBOL,
        title(),
    )


def is_suppressed(value: object) -> bool:
    return isinstance(value, Suppressed)


def json_value(value: float | Suppressed | None) -> dict[str, Any]:
    """``{"value": …, "suppressed": …}`` for JSON: a withheld value is null, not 0."""
    if isinstance(value, Suppressed):
        return {"value": None, "suppressed": True}
    return {"value": value, "suppressed": False}


def csv_value(value: float | Suppressed | None, decimals: int = 0) -> str:
    """A cell for German CSV: decimal comma, "•" when withheld, empty when missing."""
    if isinstance(value, Suppressed):
        return SYMBOL
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",")


def number_or_none(value: float | Suppressed | None) -> float | None:
    """The value for computations that must skip withheld ones (charts, classes)."""
    return None if isinstance(value, Suppressed) else value


# --- Who ------------------------------------------------------------------------------


def needs_suppression(user: Reader, municipality: Municipality | int | None = None) -> bool:
    """True unless ``user`` is internal staff of ``municipality`` (or an administrator).

    Anonymous visitors and providers (Träger) always get suppressed values; staff
    (Sozialplanung, Fachamt, Stadtrat) see true values of their own municipality only,
    like ``visible_to`` lets them read non-public records of their own municipality only.
    """
    if not (user and user.is_authenticated and user.is_active):
        return True
    role = getattr(user, "role", None)
    if role == Role.ADMIN or user.is_superuser:
        return False
    if role not in (Role.SOZIALPLANUNG, Role.FACHAMT, Role.STADTRAT):
        return True
    if municipality is None:
        return False
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    return getattr(user, "municipality_id", None) != municipality_id


def suppress_table(
    values: Sequence[float] | np.ndarray,
    groups: Sequence[sdc.Group],
    user: Reader,
    *,
    municipality: Municipality | int | None = None,
    populations: Sequence[float] | None = None,
    is_count: bool = True,
) -> list[float | Suppressed]:
    """Any other table of counts (flat, with its additive ``groups``), e.g. an export.

    Uses the configured minimums; see ``analysis.suppression.table_groups`` for a table
    with row and column totals and ``hierarchy_groups`` for an area hierarchy.
    """
    flat = [float(v) for v in np.asarray(values, dtype=float).ravel()]
    if not needs_suppression(user, municipality):
        return list(flat)
    mask = sdc.suppress(
        flat,
        groups,
        populations,
        is_count=is_count,
        min_cell=settings.SUPPRESS_MIN_CELL,
        min_population=settings.SUPPRESS_MIN_POPULATION,
    )
    return [SUPPRESSED if hidden else v for v, hidden in zip(flat, mask.tolist(), strict=True)]


def withheld_offer_cells(
    providers: Sequence[int],
    values: Sequence[float | None],
    parent_of: Sequence[int | None],
    user: Reader,
    *,
    municipality: Municipality | int | None = None,
) -> list[bool]:
    """Which area cells of an internal offer figure ``user`` may not see.

    Cell i is an area: ``providers[i]`` the number of distinct providers whose offers
    make up its figure, ``values[i]`` the figure (None: none; parents are the sum of
    their children, or a target-weighted sum), ``parent_of[i]`` the index of its parent.
    Withheld: 1 to SUPPRESS_MIN_PROVIDERS − 1 providers (one provider's capacity, or
    two, of whom each could subtract its own), then secondary suppression so that no
    parent minus its visible children gives a withheld cell away.
    """
    if not needs_suppression(user, municipality):
        return [False] * len(values)
    first = sdc.primary_mask(providers, min_cell=settings.SUPPRESS_MIN_PROVIDERS)
    cells = [float("nan") if v is None else float(v) for v in values]
    mask = sdc.secondary_mask(cells, first, sdc.hierarchy_groups(parent_of))
    return [bool(hidden) for hidden in mask.tolist()]
