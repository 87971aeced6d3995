"""Computed once per data version: results of analyses cached for every reader alike.

Social index, gap analyses, coverage, accessibility and allocation are computed from the
planning data of one municipality (indicator values, offers, parameters, boundaries) and
are the same for every reader of the same clearance. ``remember`` keeps such a result in
Django's cache (in production a cache all server processes share, settings.CACHES) under
a key made of

* the kind of result and its own arguments (category, level …),
* the **data version** of the municipality: a random token that ``bump`` replaces with
  every audited change of planning data (``core.audit.record_change`` calls it), so a
  change makes every earlier result unreachable at once; nothing has to be deleted,
* the reader's **clearance** (``clearance``, the one function that decides it): what
  the reader may see of the municipality's data. A result computed for the planning
  unit is never found under the key of a reader with less clearance,
* the language: results carry translated explanations.

Tokens instead of counters: a token the cache lost is replaced by a new random one, so
an old result can never come back under a recreated version. ``bump`` replaces the
token at once (readers during the writing transaction cache the old data under a token
that is gone after the commit) and again when the transaction commits (a reader between
the first replacement and the commit may have cached the old data under it).

After the commit ``data_changed`` is sent once per transaction and municipality; the
apps above core recompute their results on the task engine then (needs/tasks.py), so
that the next page view finds them ready.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone, translation

from .suppression import needs_suppression
from .visibility import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

T = TypeVar("T")

#: Sent after the commit of a change of planning data; ``municipality_id`` (None: any).
data_changed = Signal()

# Apps whose records are inputs of the analyses: areas, boundaries, indicators and
# values; offers, providers, need reports; parameters, weights, index configuration;
# budgets and measures (allocation). Council records are not.
INPUT_APPS = frozenset({"areas", "offers", "needs", "measures", "core"})
PUBLIC = "public"
_PREFIX = "computed"


def clearance(user: User | AnonymousUser | None, municipality_id: int) -> str:
    """What ``user`` may see of the data of ``municipality_id``, as part of a cache key.

    Everyone who gets suppressed figures here (the public, providers, staff of another
    municipality) reads exactly the public records of this municipality: one key,
    ``public``. Staff of the municipality read by their role's clearance (Fachamt less
    than planning unit and council); administrators everything.
    """
    if needs_suppression(user, municipality_id):
        return PUBLIC
    assert user is not None  # needs_suppression is True for nobody
    if getattr(user, "role", None) == Role.ADMIN or user.is_superuser:
        return "admin"
    return str(getattr(user, "role", "") or PUBLIC)


def _version_key(municipality_id: int | None) -> str:
    return f"{_PREFIX}:version:{municipality_id or 'all'}"


def data_version(municipality_id: int) -> str:
    """The current token of the municipality's data (with the one of all municipalities)."""
    keys = [_version_key(None), _version_key(municipality_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add: of two processes creating the token at once, both use the first one.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return ".".join(str(found[key]) for key in keys)


def _replace(municipality_id: int | None) -> None:
    cache.set(_version_key(municipality_id), uuid.uuid4().hex, timeout=None)
    _replace_pages()


def _after_commit(municipality_id: int | None) -> None:
    _replace(municipality_id)
    data_changed.send(sender=None, municipality_id=municipality_id)


# Whole public pages (core/page_cache.py) show council records and texts too, which are
# no inputs of analyses: their token is replaced by every audited change of any record.
_PAGES_KEY = f"{_PREFIX}:version:pages"


def page_version() -> str:
    """The token under which whole public pages are cached (every change replaces it)."""
    cache.add(_PAGES_KEY, uuid.uuid4().hex, timeout=None)
    return str(cache.get(_PAGES_KEY))


def _replace_pages() -> None:
    cache.set(_PAGES_KEY, uuid.uuid4().hex, timeout=None)


def pages_changed() -> None:
    """A record that is no input of analyses changed (a resolution, a text): pages show
    it. Replaced at once and again after the commit, as ``bump`` does."""
    _replace_pages()
    transaction.on_commit(_replace_pages)


def bump(municipality_id: int | None) -> None:
    """The data of ``municipality_id`` (None: of every municipality) changed."""
    _replace(municipality_id)
    if any(
        getattr(func, "bumps", ()) == (municipality_id,)
        for _s, func, _r in connection.run_on_commit
    ):
        return  # an import's thousands of changes recompute once, after its commit

    def later() -> None:
        _after_commit(municipality_id)

    later.bumps = (municipality_id,)  # type: ignore[attr-defined]
    transaction.on_commit(later)


def remember(
    kind: str,
    municipality_id: int,
    user: User | AnonymousUser | None,
    parts: tuple[Any, ...],
    compute: Callable[[], T],
) -> T:
    """The cached result of ``compute()`` for this data version and clearance; computed
    (and kept until the data change) when there is none."""
    key = ":".join(
        str(p)
        for p in (
            _PREFIX,
            kind,
            municipality_id,
            *parts,
            clearance(user, municipality_id),
            translation.get_language() or "",
            data_version(municipality_id),
        )
    )
    found = cache.get(key)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = compute()
    # In a tuple: a result of None ("no index configured") is a result too.
    cache.set(key, (value,), timeout=None)
    return value


def digest(value: Any) -> str:
    """A short key part for an argument too long for a cache key (a dict of periods)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:20]


def now() -> dt.datetime:
    """When a result was computed ("Stand"), in the local time the pages show."""
    return timezone.localtime()
