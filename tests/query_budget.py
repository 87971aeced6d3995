"""Query budgets: how many SQL queries a page may run (issue 17).

After Zulip's ``assert_database_query_count``: Django's ``CaptureQueriesContext``
counts the queries of one request. A page is measured warm (its computed results in the
cache, core/computed.py): the budget is for the page views a city's visitors make, not
for the first one after a change, whose analyses the task engine computes beforehand.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sozialplanung.core import sessions

#: At most this many queries per page and API list, however many rows there are.
PAGE_BUDGET = 20


@contextmanager
def assert_database_query_count(at_most: int) -> Iterator[CaptureQueriesContext]:
    """Fails when the block runs more than ``at_most`` queries; lists them if so."""
    with CaptureQueriesContext(connection) as queries:
        yield queries
    if len(queries) > at_most:
        listing = "\n".join(q["sql"][:200] for q in queries.captured_queries)
        raise AssertionError(f"{len(queries)} queries, at most {at_most}:\n{listing}")


def warm_queries(client: Client, url: str) -> list[str]:
    """The SQL of ``url`` viewed a second time (the first fills the cache).

    Without the idle timeout's refresh of the session (core/sessions.py writes the time
    of the last request at most once a minute, three queries): whether a minute passed
    since is a matter of the clock, not of the page, and made counts flaky in long runs.
    """
    first = client.get(url, follow=True)
    assert first.status_code == 200, (url, first.status_code)
    with (
        mock.patch.object(sessions, "RESOLUTION_SECONDS", 10**9),
        CaptureQueriesContext(connection) as queries,
    ):
        client.get(url, follow=True)
    return [q["sql"] for q in queries.captured_queries]


def warm_query_count(client: Client, url: str) -> int:
    """How many queries ``url`` runs viewed a second time (the first fills the cache)."""
    return len(warm_queries(client, url))


def over_budget(client: Client, urls: list[str], at_most: int = PAGE_BUDGET) -> list[str]:
    """The URLs among ``urls`` whose warm view runs more than ``at_most`` queries."""
    counted = {url: warm_query_count(client, url) for url in urls}
    return [f"{url}: {n}" for url, n in counted.items() if n > at_most]


def pages_over_budget(visits: list[Any], at_most: int = PAGE_BUDGET) -> list[str]:
    """The pages and API lists (HTML, JSON) of a crawl whose first view ran more than
    ``at_most`` queries: to be measured again warm. Downloads (CSV, XLSX, PDF, iCal)
    are files, not pages, and have no budget."""
    return [
        v.url
        for v in visits
        if v.queries > at_most
        and v.status == 200
        and (v.json is not None or v.text.lstrip().lower().startswith(("<!doctype", "<html")))
    ]
