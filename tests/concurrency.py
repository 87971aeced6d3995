"""Helpers for posting forms as a browser does: with the version token the form page
rendered (``core.concurrency``). A test that opens a form, lets someone else save, and
then posts, plays the lost-update race from the outside."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client

TOKEN = re.compile(r'name="version" value="([^"]*)"')


def token_in(page: str) -> str:
    found = TOKEN.findall(page)
    assert len(found) == 1, f"expected one version token in the page, found {len(found)}"
    return html.unescape(found[0])


def open_form(client: Client, url: str) -> str:
    """Open the form page at ``url`` and return its version token."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return token_in(response.content.decode())


def post_fresh(client: Client, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """Open the form and post ``data`` with its token: a save nobody raced."""
    return client.post(url, {**data, "version": open_form(client, url)}, **kwargs)


def token_after(page: str, marker: str) -> str:
    """The version token of the form that follows ``marker`` on a page with several."""
    found = TOKEN.search(page, page.index(marker))
    assert found is not None, f"no version token after {marker!r}"
    return html.unescape(found.group(1))
