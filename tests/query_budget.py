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

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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


def warm_query_count(client: Client, url: str) -> int:
    """The queries of ``url`` viewed a second time (the first fills the cache)."""
    first = client.get(url, follow=True)
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, follow=True)
    return len(queries)


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
